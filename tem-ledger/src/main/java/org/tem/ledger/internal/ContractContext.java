package org.tem.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.tx.Event;

/**
 * The {@link CallContext} handed to a contract: reads and stages writes in an {@link Overlay}
 * under the contract's table in the state trie ({@link StateLayout}), enforcing {@link Limits}. A
 * read-only instance (for queries) rejects writes.
 */
public final class ContractContext implements CallContext {
    private final Address contract;
    private final Address sender;
    private final long blockNumber;
    private final long timestamp;
    private final long medianTimestamp;
    private final Overlay overlay;
    private final boolean readOnly;
    private final List<Event> events = new ArrayList<>();
    private int writes;
    private String violation;
    private StorageException storageFailure;

    /**
     * @param contract the called contract
     * @param sender the sender, or {@code null} for a query
     * @param blockNumber the block number
     * @param timestamp the block timestamp
     * @param medianTimestamp the median timestamp of the blocks before (see
     *     {@link org.tem.api.contract.ReadContext#medianTimestamp()})
     * @param overlay where reads and writes go
     * @param readOnly whether writes are refused
     */
    public ContractContext(Address contract, Address sender, long blockNumber, long timestamp,
            long medianTimestamp, Overlay overlay, boolean readOnly) {
        this.contract = contract;
        this.sender = sender;
        this.blockNumber = blockNumber;
        this.timestamp = timestamp;
        this.medianTimestamp = medianTimestamp;
        this.overlay = overlay;
        this.readOnly = readOnly;
    }

    @Override
    public byte[] contractAddress() {
        return contract.toArray();
    }

    @Override
    public long blockNumber() {
        return blockNumber;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public long medianTimestamp() {
        return medianTimestamp;
    }

    @Override
    public byte[] sender() {
        if (sender == null) {
            throw new IllegalStateException("a query has no sender");
        }
        return sender.toArray();
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        checkKey(key);
        try {
            return overlay.get(StateLayout.key(contract, key));
        } catch (StorageException e) {
            // Remembered even if the contract catches it: a storage failure must never end as a
            // (committed, replicated) failed receipt.
            if (storageFailure == null) {
                storageFailure = e;
            }
            throw e;
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkKey(key);
        if (value.length > Limits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value must be at most " + Limits.MAX_VALUE_BYTES
                    + " bytes, was " + value.length);
        }
        countWrite();
        overlay.put(StateLayout.key(contract, key), value);
    }

    @Override
    public void delete(byte[] key) {
        checkKey(key);
        countWrite();
        overlay.put(StateLayout.key(contract, key), null);
    }

    @Override
    public void deletePrefix(byte[] prefix) {
        checkKey(prefix);
        countWrite();
        overlay.deletePrefix(StateLayout.prefix(contract, prefix));
    }

    @Override
    public void emit(String event, byte[] data) {
        if (readOnly) {
            throw violation("a query cannot emit events");
        }
        if (event == null || event.isEmpty() || event.length() > Limits.MAX_NAME_CHARS) {
            throw new IllegalArgumentException("event name must be 1 to " + Limits.MAX_NAME_CHARS + " characters");
        }
        if (data.length > Limits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("event data must be at most " + Limits.MAX_VALUE_BYTES + " bytes");
        }
        if (events.size() >= Limits.MAX_EVENTS_PER_CALL) {
            throw violation("more than " + Limits.MAX_EVENTS_PER_CALL + " events in one call");
        }
        // Round-trip the name through UTF-8 so that the receipt encodes exactly what is stored.
        String name = new String(event.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        events.add(new Event(contract, name, Bytes.wrap(data.clone())));
    }

    /**
     * @return the events emitted, in order
     */
    public List<Event> events() {
        return events;
    }

    /**
     * @return the storage failure a read of this call raised (even if the contract caught it),
     *     or {@code null}
     */
    public StorageException storageFailure() {
        return storageFailure;
    }

    /**
     * @return a limit the contract broke (even if it caught the exception), or {@code null}
     */
    public String violation() {
        return violation;
    }

    private void countWrite() {
        if (readOnly) {
            throw violation("a query cannot write state");
        }
        if (++writes > Limits.MAX_WRITES_PER_CALL) {
            throw violation("more than " + Limits.MAX_WRITES_PER_CALL + " writes in one call");
        }
    }

    private ContractException violation(String reason) {
        if (violation == null) {
            violation = reason;
        }
        return new ContractException(reason);
    }

    private static void checkKey(byte[] key) {
        if (key.length == 0 || key.length > Limits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key must be 1 to " + Limits.MAX_KEY_BYTES
                    + " bytes, was " + key.length);
        }
    }
}
