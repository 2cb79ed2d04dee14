package org.tem.ledger.storage;

class InMemoryStorageTest implements KeyValueStorageContract {
    @Override
    public KeyValueStorage create() {
        return new InMemoryStorage();
    }
}
