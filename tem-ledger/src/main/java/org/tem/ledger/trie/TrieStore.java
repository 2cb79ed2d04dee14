package org.tem.ledger.trie;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;
import org.tem.ledger.trie.Ref.HashRef;

/**
 * Versions of a Merkle Patricia trie in a {@link KeyValueStorage}: reads and proofs at any
 * retained root, new versions from a parent version plus a {@link TrieUpdate}, and pruning.
 *
 * <p><b>Storage.</b> Nodes are stored by hash, so versions, and blocks on different branches,
 * share every node they have in common. A version is named by an id chosen by the caller (the
 * block hash: two blocks may well have the same state root) and records its parent, height and
 * root. {@link #commit} puts everything into the caller's {@link StorageBatch}, so a block and
 * its state land in one atomic write.
 *
 * <p><b>Pruning</b> (unless {@linkplain TrieOptions#archival() archive}). Each stored node has an
 * occurrence count: its occurrences in the base version (the oldest retained one) plus one per
 * occurrence that a retained later version created. Each version journals the occurrences it
 * created and those of its parent it removed (single nodes, or whole subtrees for prefix
 * deletes). {@link #prune} then (1) removes every version that can no longer become canonical
 * (not an ancestor or descendant of the finalised version), newest first, taking back what each
 * created; (2) moves the base up the canonical chain to {@link TrieOptions#window()} versions
 * below the finalised one, each step taking back the occurrences the new base removed from the
 * old. So the state of the finalised version, of the {@code window} canonical versions below it
 * and of every descendant (every block that may still become canonical) stays readable and
 * provable. A node is deleted when its count reaches zero, which happens exactly when no retained
 * version reaches it. Every step is one atomic batch that leaves the counts consistent, so a
 * crash at any point loses nothing and the next {@code prune} goes on from where it stopped.
 * Costs: a commit is O(nodes changed); pruning is O(nodes changed by the pruned versions), plus
 * the size of subtrees removed by prefix deletes, which are walked only then.
 *
 * <p><b>Threads.</b> Reads ({@link #get}, {@link #scan}, {@link #prove}, {@link #update}) are
 * thread-safe and never wait for writes. Writes ({@link #commit}, {@link #prune}) are serialised
 * on the store; in pruning mode the batch of a {@code commit} must reach the storage (or be given
 * up with {@link #abandon()}) before the next write, because counts are read, then rewritten.
 * Reading a pruned root fails with {@link MissingNodeException}, never with a wrong answer (a
 * pruned node may still be served from the cache, with its true content).
 */
public final class TrieStore {

    private static final byte NODE = 'n';
    private static final byte COUNT = 'r';
    private static final byte VERSION = 'v';
    private static final byte CHILD = 'c';
    private static final byte META = 'm';
    private static final byte BASE = 'b';
    private static final byte FINAL = 'f';
    private static final int FORMAT = 1;
    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStorage kv;
    private final TrieOptions options;
    private final byte[] ns;
    private final Map<Hash, Node> cache;
    private final NodeSource source = new NodeSource() {
        @Override
        public byte[] bytes(Hash hash) {
            return kv.get(key(NODE, hash.toArray())).orElseThrow(() -> new MissingNodeException(hash));
        }

        @Override
        public Node node(Hash hash) {
            if (cache == null) {
                return NodeSource.super.node(hash);
            }
            Node n = cache.get(hash);
            if (n == null) {
                n = NodeSource.super.node(hash);
                cache.put(hash, n);
            }
            return n;
        }
    };
    private Hash pending;

    private TrieStore(KeyValueStorage kv, TrieOptions options) {
        this.kv = kv;
        this.options = options;
        this.ns = options.namespace();
        int size = options.cacheNodes();
        this.cache = size == 0 ? null : Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Node> eldest) {
                return size() > size;
            }
        });
    }

    /**
     * Opens the trie tables in a store (empty tables are fine: the first {@link #commit} creates
     * them).
     *
     * @param kv the storage; the trie store does not close it
     * @param options the mode, window, namespace and cache
     * @return the store
     * @throws IllegalArgumentException if the tables were written in the other mode (archive vs
     *     pruning) or by another format
     * @throws LedgerException if the storage fails
     */
    public static TrieStore open(KeyValueStorage kv, TrieOptions options) {
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(options, "options");
        TrieStore s = new TrieStore(kv, options);
        Optional<byte[]> meta = kv.get(s.key(META));
        if (meta.isPresent()) {
            int[] m = RLP.decodeList(Bytes.wrap(meta.get()), r -> new int[] {r.readInt(), r.readInt()});
            if (m[0] != FORMAT) {
                throw new IllegalArgumentException("trie tables of format " + m[0] + ", expected " + FORMAT);
            }
            if ((m[1] == 1) != options.archive()) {
                throw new IllegalArgumentException("trie tables were written in "
                        + (m[1] == 1 ? "archive" : "pruning") + " mode");
            }
        }
        return s;
    }

    /**
     * @return the options the store was opened with
     */
    public TrieOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads a key at a root: O(depth) node loads.
     *
     * @param root a retained root
     * @param key the key
     * @return the value, or empty if the key is absent
     * @throws MissingNodeException if the root is not (or no longer) stored
     * @throws IllegalArgumentException if the key is longer than {@link Trie#MAX_KEY_BYTES}
     */
    public Optional<byte[]> get(Hash root, byte[] key) {
        return Trie.get(source, root, key);
    }

    /**
     * Visits, in ascending unsigned key order, the entries at a root whose key starts with
     * {@code prefix} and is not below {@code from}, until the visitor returns false. Costs
     * O(depth) node loads to reach the first entry, then amortised O(1) per entry.
     *
     * @param root a retained root
     * @param prefix the key prefix (empty for all keys)
     * @param from the smallest key to visit, or {@code null} to start at the prefix
     * @param visitor receives the entries
     * @throws MissingNodeException if the root is not (or no longer) stored
     * @throws IllegalArgumentException if the prefix is longer than {@link Trie#MAX_KEY_BYTES}
     */
    public void scan(Hash root, byte[] prefix, byte[] from, Trie.EntryVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        Trie.scan(source, root, prefix, from, visitor);
    }

    /**
     * Proves a key's value or absence at a root.
     *
     * @param root a retained root
     * @param key the key
     * @return the proof, checkable with {@link TrieProof#verify} without this store
     * @throws MissingNodeException if the root is not (or no longer) stored
     * @throws IllegalArgumentException if the key is longer than {@link Trie#MAX_KEY_BYTES}
     */
    public TrieProof prove(Hash root, byte[] key) {
        List<Bytes> nodes = new ArrayList<>();
        for (byte[] n : Trie.prove(source, root, key)) {
            nodes.add(Bytes.wrap(n));
        }
        return new TrieProof(nodes);
    }

    /**
     * Starts a batch of changes on a root (any retained root: the head's or a side block's).
     *
     * @param parentRoot the root to change
     * @return the update; nothing is written until {@link #commit}
     * @throws MissingNodeException if the root is not (or no longer) stored
     */
    public TrieUpdate update(Hash parentRoot) {
        Objects.requireNonNull(parentRoot, "parentRoot");
        return new TrieUpdate(source, parentRoot);
    }

    // ------------------------------------------------------------------ versions

    /**
     * @param id a version id
     * @return the retained version with that id, or empty
     * @throws LedgerException if the record is corrupt or the storage fails
     */
    public Optional<TrieVersion> version(Hash id) {
        return record(id).map(VersionRecord::version);
    }

    /**
     * @return the base version (the oldest retained one), or empty before the first commit
     */
    public Optional<TrieVersion> base() {
        return kv.get(key(BASE)).map(Hash::of).flatMap(this::version);
    }

    /**
     * @param id a version id
     * @return the ids of its retained children, ascending
     */
    public List<Hash> children(Hash id) {
        List<Hash> out = new ArrayList<>();
        byte[] prefix = key(CHILD, id.toArray());
        kv.scan(prefix, (k, v) -> out.add(Hash.of(Arrays.copyOfRange(k, prefix.length, k.length))));
        return out;
    }

    /**
     * Records a new version, putting its nodes, counts and journal into {@code batch}. The caller
     * commits the batch (with the rest of its block); in pruning mode before the next write.
     *
     * @param changes the update's result, computed on the parent version's root
     * @param id the new version's id (the block hash)
     * @param parent the parent version's id, or {@code null} for the very first version (whose
     *     update must start from {@link Trie#EMPTY_ROOT})
     * @param batch where the writes go
     * @return the new version
     * @throws IllegalArgumentException if the id is already stored, the parent is unknown or
     *     pruned, the changes were not computed on the parent's root, or a first version is
     *     committed into a store that already has one
     * @throws IllegalStateException if the previous commit's batch never reached the storage
     */
    public synchronized TrieVersion commit(TrieChanges changes, Hash id, Hash parent, StorageBatch batch) {
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(batch, "batch");
        checkPending();
        if (kv.get(key(VERSION, id.toArray())).isPresent()) {
            throw new IllegalArgumentException("version " + id + " is already stored");
        }
        long height;
        if (parent == null) {
            if (kv.get(key(BASE)).isPresent()) {
                throw new IllegalArgumentException("the store already has versions; name the parent");
            }
            if (!changes.parentRoot().equals(Trie.EMPTY_ROOT)) {
                throw new IllegalArgumentException("the first version must be built on the empty root");
            }
            height = 0;
            batch.put(key(META), RLP.encodeList(w -> {
                w.writeInt(FORMAT);
                w.writeInt(options.archive() ? 1 : 0);
            }).toArrayUnsafe());
            batch.put(key(BASE), id.toArray());
        } else {
            VersionRecord p = record(parent).orElseThrow(
                    () -> new IllegalArgumentException("unknown or pruned parent version " + parent));
            if (!p.root.equals(changes.parentRoot())) {
                throw new IllegalArgumentException("changes were computed on root " + changes.parentRoot()
                        + ", parent version " + parent + " has root " + p.root);
            }
            Optional<VersionRecord> fin = finalised();
            if (fin.isPresent() && p.height < fin.get().height) {
                throw new IllegalArgumentException("parent version " + parent + " is below the finalised version "
                        + fin.get().id);
            }
            height = p.height + 1;
            batch.put(key(CHILD, parent.toArray(), id.toArray()), NOTHING);
        }
        boolean journal = !options.archive() && parent != null;
        if (options.archive()) {
            changes.newNodes().forEach((h, enc) -> batch.put(key(NODE, h.toArray()), enc));
        } else {
            Map<Hash, Long> occurrences = new TreeMap<>();
            changes.created().forEach(h -> occurrences.merge(h, 1L, Long::sum));
            occurrences.forEach((h, n) -> {
                long c = count(h);
                if (c == 0) {
                    batch.put(key(NODE, h.toArray()), changes.newNodes().get(h));
                }
                batch.put(key(COUNT, h.toArray()), longBytes(c + n));
            });
        }
        VersionRecord r = new VersionRecord(id, parent, height, changes.root(),
                journal ? changes.created() : List.of(), journal ? changes.killedNodes() : List.of(),
                journal ? changes.killedTrees() : List.of());
        batch.put(key(VERSION, id.toArray()), r.encode());
        if (!options.archive()) {
            pending = id;
        }
        return r.version();
    }

    /**
     * Forgets the last {@link #commit} whose batch the caller dropped instead of committing.
     */
    public synchronized void abandon() {
        pending = null;
    }

    private void checkPending() {
        if (pending != null) {
            if (kv.get(key(VERSION, pending.toArray())).isEmpty()) {
                throw new IllegalStateException("the batch of version " + pending
                        + " was neither committed nor abandoned");
            }
            pending = null;
        }
    }

    // ------------------------------------------------------------------ pruning

    /**
     * Prunes for a newly finalised version: removes every version that is neither an ancestor
     * nor a descendant of it, then every canonical version more than {@link TrieOptions#window()}
     * below it, deleting the nodes no retained version reaches. Finality only moves forward: a
     * version at or below the last finalised one changes nothing, and from then on
     * {@link #commit} refuses parents below the finalised version. Commits its own batches (one
     * per removed version), each leaving the store consistent, so it may run between block
     * commits (not during one) and a crash is repaired by calling it again. Cost: proportional to
     * the versions removed and the nodes they changed. Does nothing in archive mode.
     *
     * @param finalised the finalised version's id
     * @return what was removed
     * @throws IllegalArgumentException if the version is unknown or already pruned
     * @throws IllegalStateException if the previous commit's batch never reached the storage
     * @throws LedgerException if the store is inconsistent or fails; what was done stays done
     */
    public synchronized PruneResult prune(Hash finalised) {
        Objects.requireNonNull(finalised, "finalised");
        checkPending();
        VersionRecord f = record(finalised).orElseThrow(
                () -> new IllegalArgumentException("unknown or pruned version " + finalised));
        if (options.archive()) {
            return new PruneResult(0, 0, 0);
        }
        VersionRecord base = kv.get(key(BASE)).map(Hash::of).flatMap(this::record)
                .orElseThrow(() -> new LedgerException("trie store has versions but no base"));
        VersionRecord previous = finalised().orElse(base);
        int[] versions = {0};
        long[] nodes = {0};
        int[] batches = {0};
        if (!f.id.equals(previous.id)) {
            if (f.height <= previous.height) {
                // Every retained version is an ancestor or a descendant of the previous finalised
                // one, so this one is an ancestor: finality does not move back.
                return new PruneResult(0, 0, 0);
            }
            // The canonical path from the previous finalised version (or the base) up to this one.
            List<VersionRecord> path = new ArrayList<>();
            for (VersionRecord r = f; ; ) {
                path.add(r);
                if (r.id.equals(previous.id) || r.id.equals(base.id)) {
                    break;
                }
                Hash p = r.parent;
                if (p == null) {
                    throw new LedgerException("version " + r.id + " has no parent but is not the base");
                }
                r = record(p).orElseThrow(() -> new LedgerException("version " + p + " missing below " + finalised));
            }
            Collections.reverse(path);
            for (int i = 0; i + 1 < path.size(); i++) {
                for (Hash c : children(path.get(i).id)) {
                    if (!c.equals(path.get(i + 1).id)) {
                        removeSubtree(c, versions, nodes, batches);
                    }
                }
            }
        }
        // The new finalised mark goes with the first base move (or alone): after the side
        // branches are gone, so a crash before it makes the next prune walk this path again.
        boolean mark = !f.id.equals(previous.id);
        long target = Math.max(base.height, f.height - options.window());
        for (VersionRecord b = base; b.height < target; ) {
            List<Hash> next = children(b.id);
            if (next.size() != 1) {
                throw new LedgerException("version " + b.id + " below the finalised one has " + next.size()
                        + " children");
            }
            nodes[0] += advanceBase(b, next.get(0), mark ? finalised : null);
            mark = false;
            versions[0]++;
            batches[0]++;
            Hash n = next.get(0);
            b = record(n).orElseThrow(() -> new LedgerException("version " + n + " vanished"));
        }
        if (mark) {
            StorageBatch batch = new StorageBatch();
            batch.put(key(FINAL), finalised.toArray());
            kv.commit(batch);
            batches[0]++;
        }
        return new PruneResult(versions[0], nodes[0], batches[0]);
    }

    /**
     * @return the last version given to {@link #prune}, or empty if none yet (or in archive
     *     mode)
     */
    public Optional<TrieVersion> lastFinalised() {
        return finalised().map(VersionRecord::version);
    }

    private Optional<VersionRecord> finalised() {
        return kv.get(key(FINAL)).map(Hash::of).flatMap(this::record);
    }

    private void removeSubtree(Hash top, int[] versions, long[] nodes, int[] batches) {
        List<Hash> order = new ArrayList<>();
        Deque<Hash> stack = new ArrayDeque<>();
        stack.push(top);
        while (!stack.isEmpty()) {
            Hash v = stack.pop();
            order.add(v);
            children(v).forEach(stack::push);
        }
        Collections.reverse(order);
        for (Hash v : order) {
            VersionRecord r = record(v).orElseThrow(() -> new LedgerException("version " + v + " vanished"));
            Map<Hash, Long> deltas = new TreeMap<>();
            r.created().forEach(h -> deltas.merge(h, -1L, Long::sum));
            StorageBatch batch = new StorageBatch();
            List<Hash> deleted = applyDeltas(deltas, batch);
            batch.delete(key(VERSION, v.toArray()));
            batch.delete(key(CHILD, r.parent.toArray(), v.toArray()));
            kv.commit(batch);
            uncache(deleted);
            versions[0]++;
            nodes[0] += deleted.size();
            batches[0]++;
        }
    }

    private long advanceBase(VersionRecord oldBase, Hash next, Hash finalMark) {
        VersionRecord c = record(next).orElseThrow(() -> new LedgerException("version " + next + " vanished"));
        Map<Hash, Long> deltas = new TreeMap<>();
        c.killedNodes().forEach(h -> deltas.merge(h, -1L, Long::sum));
        for (Hash t : c.killedTrees()) {
            walkTree(t, deltas);
        }
        StorageBatch batch = new StorageBatch();
        List<Hash> deleted = applyDeltas(deltas, batch);
        batch.delete(key(VERSION, oldBase.id.toArray()));
        batch.delete(key(CHILD, oldBase.id.toArray(), next.toArray()));
        VersionRecord asBase = new VersionRecord(c.id, null, c.height, c.root, List.of(), List.of(), List.of());
        batch.put(key(VERSION, next.toArray()), asBase.encode());
        batch.put(key(BASE), next.toArray());
        if (finalMark != null) {
            batch.put(key(FINAL), finalMark.toArray());
        }
        kv.commit(batch);
        uncache(deleted);
        return deleted.size();
    }

    /** Takes back one count from every stored occurrence in the subtree at {@code top}. */
    private void walkTree(Hash top, Map<Hash, Long> deltas) {
        Deque<Ref> stack = new ArrayDeque<>();
        stack.push(new HashRef(top));
        while (!stack.isEmpty()) {
            Ref r = stack.pop();
            Node n;
            if (r instanceof HashRef h) {
                deltas.merge(h.hash(), -1L, Long::sum);
                n = NodeCodec.decode(source.bytes(h.hash()), h.hash());
            } else {
                n = (Node) r;
            }
            if (n instanceof Extension e) {
                stack.push(e.child);
            } else if (n instanceof Branch b) {
                for (Ref c : b.children) {
                    if (c != null) {
                        stack.push(c);
                    }
                }
            }
        }
    }

    private List<Hash> applyDeltas(Map<Hash, Long> deltas, StorageBatch batch) {
        List<Hash> deleted = new ArrayList<>();
        deltas.forEach((h, d) -> {
            long c = count(h) + d;
            if (c < 0) {
                throw new LedgerException("occurrence count of node " + h + " would fall below zero");
            }
            if (c == 0) {
                batch.delete(key(NODE, h.toArray()));
                batch.delete(key(COUNT, h.toArray()));
                deleted.add(h);
            } else {
                batch.put(key(COUNT, h.toArray()), longBytes(c));
            }
        });
        return deleted;
    }

    private void uncache(List<Hash> deleted) {
        if (cache != null) {
            deleted.forEach(cache::remove);
        }
    }

    /**
     * @param node a node hash
     * @return its occurrence count (0 if not stored; always 0 in archive mode)
     */
    long count(Hash node) {
        return kv.get(key(COUNT, node.toArray())).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    /**
     * Counts the tables by a full scan (for tests, monitoring and benchmarks).
     *
     * @return the sizes
     */
    public StoreStats stats() {
        long[] n = new long[4];
        kv.scan(key(NODE), (k, v) -> {
            n[0]++;
            n[1] += v.length;
        });
        kv.scan(key(VERSION), (k, v) -> {
            n[2]++;
            n[3] += v.length;
        });
        return new StoreStats(n[0], n[1], n[2], n[3]);
    }

    /**
     * @return the ids of every retained version, ascending
     */
    public List<Hash> versionIds() {
        List<Hash> out = new ArrayList<>();
        byte[] prefix = key(VERSION);
        kv.scan(prefix, (k, v) -> out.add(Hash.of(Arrays.copyOfRange(k, prefix.length, k.length))));
        return out;
    }

    /**
     * Checks the store's tables against each other: one base version, every other version's
     * parent retained and linked, every child link between retained versions, every version's
     * root node stored; in pruning mode also that the node and count tables hold the same nodes
     * and that every stored count equals a recount (the base version's stored occurrences, by a
     * walk of its trie, plus the occurrences each later version created). A store written by
     * atomic batches always passes; one where a batch was split by a crash does not. For
     * operators and tests: costs O(stored nodes) time and memory. Takes the write lock.
     *
     * @return the problems found, empty for a consistent store
     * @throws LedgerException if the storage fails
     */
    public synchronized List<String> checkIntegrity() {
        List<String> problems = new ArrayList<>();
        Map<Hash, VersionRecord> versions = new TreeMap<>();
        byte[] vp = key(VERSION);
        kv.scan(vp, (k, v) -> {
            Hash id = Hash.of(Arrays.copyOfRange(k, vp.length, k.length));
            try {
                versions.put(id, VersionRecord.decode(id, v));
            } catch (LedgerException e) {
                problems.add(e.getMessage());
            }
        });
        Optional<Hash> base = kv.get(key(BASE)).map(Hash::of);
        if (versions.isEmpty()) {
            if (base.isPresent()) {
                problems.add("a base version " + base.get() + " but no versions");
            }
            return problems;
        }
        if (base.isEmpty() || !versions.containsKey(base.get())) {
            problems.add("base version " + base + " is not retained");
        }
        for (VersionRecord r : versions.values()) {
            if (r.parent == null) {
                if (!r.id.equals(base.orElse(null))) {
                    problems.add("version " + r.id + " has no parent but is not the base");
                }
            } else if (!versions.containsKey(r.parent)) {
                problems.add("version " + r.id + " has a parent " + r.parent + " that is not retained");
            } else if (kv.get(key(CHILD, r.parent.toArray(), r.id.toArray())).isEmpty()) {
                problems.add("version " + r.id + " is not linked from its parent " + r.parent);
            }
            if (!r.root.equals(Trie.EMPTY_ROOT) && kv.get(key(NODE, r.root.toArray())).isEmpty()) {
                problems.add("root " + r.root + " of version " + r.id + " is not stored");
            }
        }
        byte[] cp = key(CHILD);
        kv.scan(cp, (k, v) -> {
            if (k.length != cp.length + 2 * Hash.SIZE) {
                problems.add("malformed child link of " + k.length + " bytes");
                return;
            }
            Hash parent = Hash.of(Arrays.copyOfRange(k, cp.length, cp.length + Hash.SIZE));
            Hash child = Hash.of(Arrays.copyOfRange(k, cp.length + Hash.SIZE, k.length));
            VersionRecord c = versions.get(child);
            if (!versions.containsKey(parent) || c == null || !parent.equals(c.parent)) {
                problems.add("child link " + parent + " -> " + child + " between versions that are not so related");
            }
        });
        if (options.archive()) {
            return problems;
        }
        Map<Hash, Long> expected = new TreeMap<>();
        VersionRecord b = base.map(versions::get).orElse(null);
        if (b != null && !b.root.equals(Trie.EMPTY_ROOT)) {
            Map<Hash, Long> walked = new TreeMap<>();
            try {
                walkTree(b.root, walked);
                walked.forEach((h, d) -> expected.merge(h, -d, Long::sum));
            } catch (LedgerException e) {
                problems.add("base version " + b.id + " is not whole: " + e.getMessage());
            }
        }
        for (VersionRecord r : versions.values()) {
            if (r.parent != null) {
                r.created().forEach(h -> expected.merge(h, 1L, Long::sum));
            }
        }
        Map<Hash, Long> counted = new TreeMap<>();
        byte[] rp = key(COUNT);
        kv.scan(rp, (k, v) -> counted.put(Hash.of(Arrays.copyOfRange(k, rp.length, k.length)),
                v.length == 8 ? ByteBuffer.wrap(v).getLong() : -1L));
        List<Hash> nodes = storedNodes();
        for (Hash n : nodes) {
            if (!counted.containsKey(n)) {
                problems.add("stored node " + n + " has no count");
            }
        }
        java.util.Set<Hash> nodeSet = new java.util.HashSet<>(nodes);
        counted.forEach((h, c) -> {
            if (!nodeSet.contains(h)) {
                problems.add("count for node " + h + " that is not stored");
            }
            long e = expected.getOrDefault(h, 0L);
            if (c != e) {
                problems.add("node " + h + " counts " + c + " occurrences, the retained versions hold " + e);
            }
        });
        expected.forEach((h, e) -> {
            if (e > 0 && !counted.containsKey(h)) {
                problems.add("node " + h + " occurs " + e + " times in retained versions but has no count");
            }
        });
        return problems;
    }

    /**
     * @return the hashes of every stored node, ascending (for tests)
     */
    List<Hash> storedNodes() {
        List<Hash> out = new ArrayList<>();
        byte[] prefix = key(NODE);
        kv.scan(prefix, (k, v) -> out.add(Hash.of(Arrays.copyOfRange(k, prefix.length, k.length))));
        return out;
    }

    NodeSource source() {
        return source;
    }

    private Optional<VersionRecord> record(Hash id) {
        return kv.get(key(VERSION, id.toArray())).map(b -> VersionRecord.decode(id, b));
    }

    private byte[] key(byte table, byte[]... parts) {
        int n = ns.length + 1;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n).put(ns).put(table);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** A version and its journal, as stored. */
    private record VersionRecord(Hash id, Hash parent, long height, Hash root, Bytes createdList,
            Bytes killedNodesList, Bytes killedTreesList) {

        VersionRecord(Hash id, Hash parent, long height, Hash root, List<Hash> created, List<Hash> killedNodes,
                List<Hash> killedTrees) {
            this(id, parent, height, root, concat(created), concat(killedNodes), concat(killedTrees));
        }

        List<Hash> created() {
            return split(createdList);
        }

        List<Hash> killedNodes() {
            return split(killedNodesList);
        }

        List<Hash> killedTrees() {
            return split(killedTreesList);
        }

        TrieVersion version() {
            return new TrieVersion(id, Optional.ofNullable(parent), height, root);
        }

        byte[] encode() {
            return RLP.encodeList(w -> {
                w.writeLong(height);
                w.writeValue(parent == null ? Bytes.EMPTY : parent.toBytes());
                w.writeValue(root.toBytes());
                w.writeValue(createdList);
                w.writeValue(killedNodesList);
                w.writeValue(killedTreesList);
            }).toArrayUnsafe();
        }

        static VersionRecord decode(Hash id, byte[] b) {
            try {
                return RLP.decodeList(Bytes.wrap(b), r -> {
                    long height = r.readLong();
                    Bytes parent = r.readValue();
                    Hash root = Hash.of(r.readValue());
                    Bytes created = r.readValue();
                    Bytes killedNodes = r.readValue();
                    Bytes killedTrees = r.readValue();
                    for (Bytes list : new Bytes[] {created, killedNodes, killedTrees}) {
                        if (list.size() % Hash.SIZE != 0) {
                            throw new LedgerException("hash list of " + list.size() + " bytes");
                        }
                    }
                    return new VersionRecord(id, parent.isEmpty() ? null : Hash.of(parent), height, root,
                            created, killedNodes, killedTrees);
                });
            } catch (RuntimeException e) {
                throw new LedgerException("corrupt trie version record " + id + ": " + e.getMessage(), e);
            }
        }

        private static Bytes concat(List<Hash> hashes) {
            byte[] out = new byte[hashes.size() * Hash.SIZE];
            for (int i = 0; i < hashes.size(); i++) {
                System.arraycopy(hashes.get(i).toArray(), 0, out, i * Hash.SIZE, Hash.SIZE);
            }
            return Bytes.wrap(out);
        }

        private static List<Hash> split(Bytes b) {
            if (b.size() % Hash.SIZE != 0) {
                throw new LedgerException("hash list of " + b.size() + " bytes");
            }
            List<Hash> out = new ArrayList<>(b.size() / Hash.SIZE);
            for (int i = 0; i < b.size(); i += Hash.SIZE) {
                out.add(Hash.of(b.slice(i, Hash.SIZE)));
            }
            return out;
        }
    }
}
