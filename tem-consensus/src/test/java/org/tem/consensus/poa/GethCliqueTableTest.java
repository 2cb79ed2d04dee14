package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.Names.addrs;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tem.ledger.crypto.Address;

/**
 * The voting scenarios of go-ethereum's {@code consensus/clique/snapshot_test.go} ({@code
 * TestClique}), the community's conformance table for Clique voting, rewritten against {@link
 * PoaSnapshot}. Each block is written as a short string: {@code "A"} is a block sealed by A with
 * no vote, {@code "A+C"} A voting to add C, {@code "A-C"} A voting to drop C, {@code "A|ABC"} a
 * checkpoint sealed by A carrying the signer list ABC, and a trailing {@code "/"} persists the
 * snapshot before the block and reloads it from its encoding (geth's "new batch": a restart
 * must not forget the recent signers, the Rinkeby split of geth issue 17593). Blocks are applied
 * with {@link PoaSnapshot#apply(long, Address, PoaHeaderData)} and the right difficulty
 * (geth's test fakes it).
 */
class GethCliqueTableTest {

    static Stream<Arguments> table() {
        return Stream.of(
                ok("single signer, no votes cast", 0, "A", List.of("A"), "A"),
                ok("single signer, voting to add two others (only the first passes, the second needs 2 votes)",
                        0, "A", List.of("A+B", "B", "A+C"), "AB"),
                ok("two signers, voting to add three others (only the first two pass, the third needs 3 votes)",
                        0, "AB", List.of("A+C", "B+C", "A+D", "B+D", "C", "A+E", "B+E"), "ABCD"),
                // geth: "single signer, dropping itself" ends with no signers at all. tem refuses
                // to empty the set (a chain that can never seal again); see PoaSnapshot.
                ok("single signer, dropping itself (geth empties the set; tem keeps the last signer)",
                        0, "A", List.of("A-A"), "A"),
                ok("two signers, needing mutual consent to drop either (not fulfilled)",
                        0, "AB", List.of("A-B"), "AB"),
                ok("two signers, needing mutual consent to drop either (fulfilled)",
                        0, "AB", List.of("A-B", "B-B"), "A"),
                ok("three signers, two of them deciding to drop the third",
                        0, "ABC", List.of("A-C", "B-C"), "AB"),
                ok("four signers, consensus of two not being enough to drop anyone",
                        0, "ABCD", List.of("A-C", "B-C"), "ABCD"),
                ok("four signers, consensus of three already being enough to drop someone",
                        0, "ABCD", List.of("A-D", "B-D", "C-D"), "ABC"),
                ok("authorizations are counted once per signer per target",
                        0, "AB", List.of("A+C", "B", "A+C", "B", "A+C"), "AB"),
                ok("authorizing multiple accounts concurrently is permitted",
                        0, "AB", List.of("A+C", "B", "A+D", "B", "A", "B+D", "A", "B+C"), "ABCD"),
                ok("deauthorizations are counted once per signer per target",
                        0, "AB", List.of("A-B", "B", "A-B", "B", "A-B"), "AB"),
                ok("deauthorizing multiple accounts concurrently is permitted",
                        0, "ABCD", List.of("A-C", "B", "C", "A-D", "B", "C", "A", "B-D", "C-D", "A", "B-C"),
                        "AB"),
                ok("votes from deauthorized signers are discarded immediately (deauth votes)",
                        0, "ABC", List.of("C-B", "A-C", "B-C", "A-B"), "AB"),
                ok("votes from deauthorized signers are discarded immediately (auth votes)",
                        0, "ABC", List.of("C+D", "A-C", "B-C", "A+D"), "AB"),
                ok("cascading changes are not allowed, only the account being voted on may change",
                        0, "ABCD", List.of("A-C", "B", "C", "A-D", "B-C", "C", "A", "B-D", "C-D"), "ABC"),
                ok("changes reaching consensus out of bounds (via a deauth) execute on touch",
                        0, "ABCD", List.of("A-C", "B", "C", "A-D", "B-C", "C", "A", "B-D", "C-D", "A", "C+C"),
                        "AB"),
                ok("changes reaching consensus out of bounds (via a deauth) may go out of consensus on first touch",
                        0, "ABCD", List.of("A-C", "B", "C", "A-D", "B-C", "C", "A", "B-D", "C-D", "A", "B+C"),
                        "ABC"),
                ok("pending votes don't survive authorization status changes",
                        0, "ABCDE", List.of("A+F", "B+F", "C+F", "D-F", "E-F", "B-F", "C-F", "D+F", "E+F",
                                "B-A", "C-A", "D-A", "B+F"), "BCDEF"),
                ok("epoch transitions reset all votes to allow chain checkpointing",
                        3, "AB", List.of("A+C", "B", "A|AB", "B+C"), "AB"),
                fails("an unauthorized signer should not be able to sign blocks",
                        0, "A", List.of("B"), PoaRejection.UNAUTHORIZED_SIGNER),
                fails("an authorized signer that signed recently should not be able to sign again",
                        0, "AB", List.of("A", "A"), PoaRejection.RECENTLY_SIGNED),
                fails("recent signatures should not reset on checkpoint blocks imported in a batch",
                        3, "ABC", List.of("A", "B", "A|ABC", "A"), PoaRejection.RECENTLY_SIGNED),
                fails("recent signatures should not reset on checkpoint blocks imported in a new batch",
                        3, "ABC", List.of("A", "B", "A|ABC", "A/"), PoaRejection.RECENTLY_SIGNED));
    }

    private static Arguments ok(String name, long epoch, String signers, List<String> blocks, String result) {
        return Arguments.of(name, epoch, signers, blocks, result, null);
    }

    private static Arguments fails(String name, long epoch, String signers, List<String> blocks,
            PoaRejection failure) {
        return Arguments.of(name, epoch, signers, blocks, null, failure);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void gethScenario(String name, long epoch, String signers, List<String> blocks, String result,
            PoaRejection failure) {
        PoaSnapshot s = PoaSnapshot.genesis(addrs(signers), epoch == 0 ? 30_000 : epoch);
        for (int i = 0; i < blocks.size(); i++) {
            String b = blocks.get(i);
            if (b.endsWith("/")) {
                s = PoaSnapshot.decode(s.encode());
                b = b.substring(0, b.length() - 1);
            }
            long number = i + 1;
            Address signer = addr(b.charAt(0));
            int difficulty = difficultyFor(s, number, signer);
            PoaHeaderData data;
            if (b.length() == 1) {
                data = PoaHeaderData.plain(difficulty, false);
            } else if (b.charAt(1) == '|') {
                data = new PoaHeaderData(difficulty, Optional.empty(), addrs(b.substring(2)), false);
            } else {
                data = PoaHeaderData.voting(difficulty, new PoaVote(addr(b.charAt(2)), b.charAt(1) == '+'), false);
            }
            PoaSnapshot.Step step = s.apply(number, signer, data);
            if (i == blocks.size() - 1 && failure != null) {
                assertEquals(Optional.of(failure), step.rejection(), name);
                return;
            }
            assertEquals(Optional.empty(), step.rejection(), name + ": block " + number + " " + b);
            s = step.next();
        }
        assertEquals(addrs(result), s.signers(), name);
    }

    private static int difficultyFor(PoaSnapshot s, long number, Address signer) {
        return s.signers().contains(signer) ? s.difficulty(number, signer) : PoaSnapshot.DIFFICULTY_OUT_OF_TURN;
    }
}
