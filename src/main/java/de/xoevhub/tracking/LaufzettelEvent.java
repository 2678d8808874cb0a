package de.xoevhub.tracking;

import java.time.Instant;

/** One step on a message's Laufzettel. {@code hash} covers this event and {@code prevHash}. */
public record LaufzettelEvent(int seq, Instant at, String step, String outcome, String detail, String prevHash,
                              String hash) {
}
