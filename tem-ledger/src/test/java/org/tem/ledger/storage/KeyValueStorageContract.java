package org.tem.ledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link KeyValueStorage} must meet. An implementation's test implements
 * {@link #create()} and inherits the tests.
 */
public interface KeyValueStorageContract {

    /** @return a fresh, empty store */
    KeyValueStorage create();

    /** Holder for the store under test. */
    final class Holder {
        static final ThreadLocal<KeyValueStorage> STORE = new ThreadLocal<>();
    }

    @BeforeEach
    default void open() {
        Holder.STORE.set(create());
    }

    @AfterEach
    default void closeStore() {
        Holder.STORE.get().close();
    }

    private KeyValueStorage store() {
        return Holder.STORE.get();
    }

    @Test
    default void getOfAbsentKeyIsEmpty() {
        assertTrue(store().get(new byte[] {1}).isEmpty());
    }

    @Test
    default void committedPutsAndDeletesAreVisible() {
        store().commit(new StorageBatch().put(new byte[] {1}, new byte[] {10}).put(new byte[] {2}, new byte[0]));
        assertArrayEquals(new byte[] {10}, store().get(new byte[] {1}).orElseThrow());
        assertArrayEquals(new byte[0], store().get(new byte[] {2}).orElseThrow());
        store().commit(new StorageBatch().delete(new byte[] {1}));
        assertTrue(store().get(new byte[] {1}).isEmpty());
    }

    @Test
    default void laterOperationInABatchWins() {
        store().commit(new StorageBatch().put(new byte[] {1}, new byte[] {1}).delete(new byte[] {1})
                .put(new byte[] {2}, new byte[] {1}).put(new byte[] {2}, new byte[] {2}));
        assertTrue(store().get(new byte[] {1}).isEmpty());
        assertArrayEquals(new byte[] {2}, store().get(new byte[] {2}).orElseThrow());
    }

    @Test
    default void scanVisitsThePrefixInUnsignedKeyOrder() {
        store().commit(new StorageBatch()
                .put(new byte[] {5, (byte) 0xff}, new byte[] {3})
                .put(new byte[] {5, 0x01}, new byte[] {1})
                .put(new byte[] {5, 0x7f, 0}, new byte[] {2})
                .put(new byte[] {6}, new byte[] {9})
                .put(new byte[] {4, 1}, new byte[] {9}));
        List<Byte> seen = new ArrayList<>();
        store().scan(new byte[] {5}, (k, v) -> seen.add(v[0]));
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), seen);
        List<byte[]> all = new ArrayList<>();
        store().scan(new byte[0], (k, v) -> all.add(k));
        assertEquals(5, all.size());
    }

    @Test
    default void returnedArraysAreCopies() {
        byte[] v = {7};
        store().commit(new StorageBatch().put(new byte[] {1}, v));
        v[0] = 8;
        byte[] got = store().get(new byte[] {1}).orElseThrow();
        got[0] = 9;
        assertArrayEquals(new byte[] {7}, store().get(new byte[] {1}).orElseThrow());
    }

    @Test
    default void closedStoreRefusesUse() {
        store().close();
        assertThrows(StorageException.class, () -> store().get(new byte[] {1}));
        assertThrows(StorageException.class, () -> store().commit(new StorageBatch().put(new byte[] {1}, new byte[0])));
        assertThrows(StorageException.class, () -> store().scan(new byte[0], (k, v) -> { }));
        store().close();
    }
}
