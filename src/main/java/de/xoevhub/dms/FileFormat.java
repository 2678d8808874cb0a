package de.xoevhub.dms;

import java.util.Locale;
import java.util.Map;

/**
 * The xdomea code of a file's format (code list {@code urn:xoev-de:xdomea:codeliste:dateiformat}, version 1.0) by
 * its file name extension; {@code 100} (Sonstiges) for any other.
 */
final class FileFormat {

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("bmp", "001"), Map.entry("csv", "002"), Map.entry("doc", "003"), Map.entry("eml", "006"),
            Map.entry("htm", "007"), Map.entry("html", "008"), Map.entry("jpe", "009"), Map.entry("jpeg", "010"),
            Map.entry("jpg", "011"), Map.entry("msg", "012"), Map.entry("odp", "013"), Map.entry("ods", "014"),
            Map.entry("odt", "015"), Map.entry("otp", "016"), Map.entry("ots", "017"), Map.entry("pdf", "018"),
            Map.entry("png", "019"), Map.entry("ppt", "020"), Map.entry("ps", "021"), Map.entry("rtf", "022"),
            Map.entry("tif", "023"), Map.entry("tiff", "024"), Map.entry("wps", "025"), Map.entry("xlc", "026"),
            Map.entry("xlm", "027"), Map.entry("xls", "028"), Map.entry("xlw", "029"), Map.entry("xml", "030"),
            Map.entry("xsd", "031"), Map.entry("dot", "032"), Map.entry("pot", "033"), Map.entry("xlt", "034"),
            Map.entry("docx", "035"), Map.entry("xlsx", "036"), Map.entry("pptx", "037"), Map.entry("dotx", "038"),
            Map.entry("xltx", "039"), Map.entry("potx", "040"), Map.entry("dtd", "041"), Map.entry("mpp", "042"),
            Map.entry("ott", "043"), Map.entry("txt", "045"));
    static final String OTHER = "100";

    private FileFormat() {
    }

    static String code(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? OTHER : CODES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OTHER);
    }
}
