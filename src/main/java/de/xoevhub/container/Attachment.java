package de.xoevhub.container;

import de.xoevhub.spool.Content;

/** An attachment as a portal sent it: its file name (checked: no path), media type and bytes. */
public record Attachment(String filename, String mediaType, Content content) {
}
