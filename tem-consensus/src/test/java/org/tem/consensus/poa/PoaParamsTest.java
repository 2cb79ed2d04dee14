package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;

/** The chain's consensus parameters and the genesis data that commits to them. */
class PoaParamsTest {

    private static final List<Address> ABC = Names.addrs("CAB");

    @Test
    void signersAreSortedAndTheEncodingRoundTrips() {
        PoaParams p = new PoaParams(ABC, 30_000, 5, 0);
        assertEquals(Names.addrs("ABC"), p.signers());
        assertEquals(p, PoaParams.decode(p.encode()));
        assertEquals(p.signers(), p.genesisSnapshot().signers());
    }

    @Test
    void outOfRangeParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PoaParams(List.of(), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoaParams(Names.addrs("AA"), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoaParams(ABC, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoaParams(ABC, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoaParams(ABC, 1, 1, -1));
    }

    @Test
    void malformedOrNonCanonicalBytesAreRefused() {
        Bytes unsorted = RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeLong(30_000);
            w.writeLong(5);
            w.writeLong(0);
            w.writeList(ABC, (lw, a) -> lw.writeValue(a.toBytes()));
        });
        assertThrows(PoaDataException.class, () -> PoaParams.decode(unsorted));
        Bytes enc = new PoaParams(ABC, 30_000, 5, 0).encode();
        assertThrows(PoaDataException.class, () -> PoaParams.decode(Bytes.concatenate(enc, Bytes.of(0))));
        assertThrows(PoaDataException.class, () -> PoaParams.decode(enc.slice(0, enc.size() - 1)));
        assertThrows(PoaDataException.class, () -> PoaParams.decode(Bytes.wrap(new byte[PoaParams.MAX_ENCODED_BYTES + 1])));
        Bytes zeroEpoch = RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeLong(0);
            w.writeLong(5);
            w.writeLong(0);
            w.writeList(Names.addrs("ABC"), (lw, a) -> lw.writeValue(a.toBytes()));
        });
        assertThrows(PoaDataException.class, () -> PoaParams.decode(zeroEpoch));
    }
}
