package org.tem.solver.contract;

import java.util.ArrayList;
import java.util.List;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;

/**
 * What the operator fixes when it opens a coordination round: the participants and their trade
 * links, the ADMM settings, the P2P price and how settlement and deadlines work. Stored on the
 * ledger with the round; every node derives the same {@link AdmmLinks} from it.
 *
 * @param participants prosumer ids, in order (each must be registered)
 * @param slots slots of the horizon
 * @param pool true for the pool topology
 * @param peers bilateral peer lists (indices into {@code participants}); empty lists for pool
 * @param options the ADMM settings
 * @param p2pPrice {@code π}, currency per kWh
 * @param minorUnits minor units per currency unit for settlement (100 for cents)
 * @param deadlineBlocks blocks after an iteration opens before anyone may close it with the
 *     missing submissions filled in (see {@link CoordinationContract})
 */
public record RoundConfig(List<String> participants, int slots, boolean pool, List<List<Integer>> peers,
        AdmmOptions options, double p2pPrice, long minorUnits, long deadlineBlocks) {

    /**
     * Copies the lists.
     *
     * @param participants prosumer ids
     * @param slots slots
     * @param pool pool topology
     * @param peers peer lists
     * @param options ADMM settings
     * @param p2pPrice P2P price
     * @param minorUnits minor units per currency unit
     * @param deadlineBlocks the per-iteration deadline in blocks
     */
    public RoundConfig {
        participants = List.copyOf(participants);
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> l : peers) {
            copy.add(List.copyOf(l));
        }
        peers = List.copyOf(copy);
    }

    /**
     * The round of a VPP's day.
     *
     * @param vpp the VPP
     * @param options ADMM settings
     * @param minorUnits minor units per currency unit
     * @param deadlineBlocks per-iteration deadline in blocks
     * @return the configuration
     */
    public static RoundConfig of(Vpp vpp, AdmmOptions options, long minorUnits, long deadlineBlocks) {
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            ids.add(vpp.prosumers().get(u).id());
            peers.add(vpp.peersOf(u));
        }
        return new RoundConfig(ids, vpp.horizon().slots(), vpp.market().topology() == Topology.POOL, peers, options,
                vpp.market().p2pPrice(), minorUnits, deadlineBlocks);
    }

    /** @return the trade links of the round */
    public AdmmLinks links() {
        return AdmmLinks.of(participants, slots, pool, pool ? List.of() : peers);
    }

    /** @return the RLP encoding */
    public byte[] encode() {
        return Codec.list(w -> {
            w.writeList(l -> participants.forEach(id -> Codec.writeString(l, id)));
            w.writeInt(slots);
            w.writeInt(pool ? 1 : 0);
            w.writeList(l -> {
                for (List<Integer> p : peers) {
                    l.writeList(pl -> p.forEach(pl::writeInt));
                }
            });
            Codec.writeDouble(w, options.rho());
            w.writeInt(options.adaptiveRho() ? 1 : 0);
            Codec.writeDouble(w, options.epsAbs());
            Codec.writeDouble(w, options.epsRel());
            Codec.writeDouble(w, options.paperEpsilon());
            w.writeInt(options.rule().ordinal());
            Codec.writeDouble(w, options.relaxation());
            w.writeInt(options.maxIterations());
            w.writeInt(options.acceleration() ? 1 : 0);
            Codec.writeDouble(w, p2pPrice);
            w.writeLong(minorUnits);
            w.writeLong(deadlineBlocks);
        });
    }

    /**
     * @param bytes an encoding made by {@link #encode()}
     * @return the configuration
     * @throws ContractException when the bytes are malformed or describe an invalid round
     */
    public static RoundConfig decode(byte[] bytes) {
        RoundConfig c = Codec.read(bytes, r -> {
            List<String> ids = Codec.readStrings(r);
            int slots = r.readInt();
            boolean pool = r.readInt() == 1;
            List<List<Integer>> peers = r.readList(l -> {
                List<List<Integer>> out = new ArrayList<>();
                while (!l.isComplete()) {
                    out.add(l.readList(pl -> {
                        List<Integer> one = new ArrayList<>();
                        while (!pl.isComplete()) {
                            one.add(pl.readInt());
                        }
                        return one;
                    }));
                }
                return out;
            });
            double rho = Codec.readDouble(r);
            boolean adaptive = r.readInt() == 1;
            double epsAbs = Codec.readDouble(r);
            double epsRel = Codec.readDouble(r);
            double paperEps = Codec.readDouble(r);
            int rule = r.readInt();
            double relaxation = Codec.readDouble(r);
            int maxIterations = r.readInt();
            boolean acceleration = r.readInt() == 1;
            double price = Codec.readDouble(r);
            long minor = r.readLong();
            long deadline = r.readLong();
            if (rule < 0 || rule >= AdmmOptions.StoppingRule.values().length) {
                throw new ContractException("round: unknown stopping rule " + rule);
            }
            AdmmOptions options = new AdmmOptions(rho, adaptive, epsAbs, epsRel, paperEps,
                    AdmmOptions.StoppingRule.values()[rule], relaxation, maxIterations, acceleration);
            return new RoundConfig(ids, slots, pool, peers, options, price, minor, deadline);
        });
        if (!Double.isFinite(c.p2pPrice()) || c.minorUnits() < 1 || c.deadlineBlocks() < 1 || c.slots() < 1
                || c.participants().isEmpty()) {
            throw new ContractException("round: invalid price, minor units, deadline, slots or participants");
        }
        try {
            c.links();
        } catch (IllegalArgumentException e) {
            throw new ContractException("round: " + e.getMessage());
        }
        return c;
    }
}
