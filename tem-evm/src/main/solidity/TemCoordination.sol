// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title tem's coordination round (Algorithm 1 of Yang, Wang et al., e-Energy 2021) on an EVM chain
/// @notice The same rules as the coordination contract of tem's own ledger, in fixed-point integers.
///
/// Numbers: energy in units of 1e-9 kWh, prices (λ, π, the dual residual) in 1e-9 currency/kWh,
/// ρ in 1e-9 currency/kWh², ε_rel in 1e-9. Every division truncates toward zero, every square root
/// is the floor, λ saturates at ±(2^63 − 1); nothing else rounds. Four signed 64-bit values are
/// packed in each 32-byte word (value of slot t in lane t % 4 of word t / 4, bits 64·lane up).
///
/// Calls: register (operator), openRound (operator), submit (Func B: a participant's trades for
/// the open iteration, once, each within its link's limit and zero on a frozen link), advance
/// (a participant or the operator, once the iteration's deadline has passed: closes it without
/// the missing submissions, several calls when the work exceeds one call's budget). The
/// coordination step (Func A) is done pair by pair: a bilateral pair is updated by the
/// transaction of its second submission, so the gas of Func A is paid by the submitters, each
/// for the pairs it completes; the rest (the residuals, the stopping test, ρ, a pool's projection)
/// by the last submission of the iteration, or by whoever advances it after the deadline.
///
/// Deadline rule: a participant with no submission when iteration 1 closes is excluded (its links
/// and its peers' links to it are frozen at zero); later its last submission stands, and after K
/// consecutive misses it is excluded the same way; with nobody left the round is ABANDONED.
/// Deadlines are milliseconds of block time (block.timestamp, which the chain's consensus bounds).
contract TemCoordination {
    uint8 internal constant OPEN = 1;
    uint8 internal constant FINAL = 2;
    uint8 internal constant MAX_ITERATIONS = 3;
    uint8 internal constant ABANDONED = 4;
    uint8 internal constant RULE_STANDARD = 1;
    uint8 internal constant RULE_PAPER = 2;

    uint256 internal constant SCALE = 1e9;
    int256 internal constant LAMBDA_MAX = type(int64).max;
    uint64 public constant NO_LIMIT = type(uint64).max;
    uint64 internal constant MAX_LIMIT = 1e15;
    uint256 public constant MAX_PARTICIPANTS = 256;
    uint256 public constant MAX_SUBMISSION_WORDS = 1024;
    uint256 public constant MAX_POOL_WORDS = 2048;
    uint256 public constant ADVANCE_WORD_BUDGET = 1024;
    uint256 public constant MAX_TERMS_BYTES = 65536;
    uint64 internal constant MIN_RHO = 1e3;
    uint64 internal constant MAX_RHO = 1e15;
    uint64 internal constant MAX_TOLERANCE = 1e9;
    int64 internal constant MAX_PRICE = 1e12;

    uint256 internal constant TAG_STANDING = 1;
    uint256 internal constant TAG_AUX = 2;
    uint256 internal constant TAG_LAMBDA = 3;
    uint256 internal constant POOL = type(uint256).max;

    /// @notice What the operator fixes when it opens a round (fixed-point units as above).
    struct Params {
        uint16 slots;
        bool pool;
        bool allPairs;
        bool adaptiveRho;
        uint8 rule;
        uint32 maxIterations;
        uint16 missLimit;
        uint16 minorUnits;
        uint64 rho;
        uint64 epsAbs;
        uint64 epsRel;
        uint64 paperEpsilon;
        int64 price;
        uint64 tradeCap;
        uint64 deadlineMillis;
    }

    struct Round {
        Params params;
        uint16 n;
        uint16 words;
        uint8 status;
        bool closing;
        uint16 cursor;
        uint32 iteration;
        uint32 submitted;
        uint32 active;
        uint32 sumsIteration;
        uint64 rho;
        uint64 openedAt;
        uint256 primal;
        uint256 dual;
        uint256 paper;
    }

    struct Participant {
        address meter;
        uint32 submittedAt;
        uint16 misses;
        bool excluded;
        uint64 maxTrade;
    }

    /// @notice The exact sums of an iteration (each pair counted once in the bilateral topology).
    struct Sums {
        uint256 primal;
        uint256 change;
        uint256 trades;
        uint256 aux;
        uint256 duals;
        uint256 paper;
    }

    address public immutable operator;
    mapping(bytes32 => address) public meterOf;
    mapping(address => bytes32) public idHashOf;
    mapping(uint64 => Round) internal rounds;
    mapping(uint64 => Sums) internal sums;
    mapping(uint64 => mapping(uint256 => Participant)) internal participants;
    mapping(uint64 => mapping(address => uint256)) internal indexPlusOne;
    mapping(uint64 => mapping(uint256 => uint16[])) internal peerLists;
    mapping(uint64 => bytes) internal termsOf;

    event Registered(string id, address meter);
    event RoundOpened(uint64 indexed round, uint16 participants);
    event Submitted(uint64 indexed round, uint32 iteration, uint16 participant);
    event IterationClosed(uint64 indexed round, uint32 iteration, uint8 status, uint256 primal, uint256 dual,
        uint256 paper, uint64 rho);
    event Excluded(uint64 indexed round, uint32 iteration, uint16 participant);

    error Refused(string reason);

    constructor() {
        operator = msg.sender;
    }

    modifier onlyOperator() {
        if (msg.sender != operator) revert Refused("only the operator may do this");
        _;
    }

    // ------------------------------------------------------------------ calls

    /// @notice The operator binds a prosumer id (1-128 bytes) to the address that signs its submissions.
    function register(string calldata id, address meter) external onlyOperator {
        uint256 len = bytes(id).length;
        if (len == 0 || len > 128 || meter == address(0)) revert Refused("register: needs an id of 1-128 bytes and an address");
        bytes32 h = keccak256(bytes(id));
        if (meterOf[h] != address(0)) revert Refused("register: id already registered");
        if (idHashOf[meter] != bytes32(0)) revert Refused("register: address already registered");
        meterOf[h] = meter;
        idHashOf[meter] = h;
        emit Registered(id, meter);
    }

    /// @notice The operator opens round `round` (new, positive); iteration 1 opens at once.
    /// @param ids the participants' registered ids, in round order
    /// @param maxTrade each participant's declared trade limit (energy units) or NO_LIMIT
    /// @param peers bilateral peer lists (increasing, symmetric); empty when pool or allPairs
    /// @param terms the round's terms as the meters compile their local problems from them (the
    /// operator's exact settings, encoded off chain; 1 to MAX_TERMS_BYTES bytes). Stored and
    /// returned by `config`; the contract does not read them: a meter checks that they give the
    /// fixed-point settings, limits, peers and ids the contract enforces before it trusts them.
    function openRound(uint64 round, string[] calldata ids, Params calldata p, uint64[] calldata maxTrade,
            uint16[][] calldata peers, bytes calldata terms) external onlyOperator {
        if (round == 0 || rounds[round].status != 0) revert Refused("openRound: round must be new and positive");
        uint256 n = ids.length;
        if (n < 1 || n > MAX_PARTICIPANTS) revert Refused("openRound: 1 to 256 participants");
        if (maxTrade.length != n) revert Refused("openRound: one maxTrade per participant");
        if (terms.length < 1 || terms.length > MAX_TERMS_BYTES) revert Refused("openRound: terms must be 1 to 65536 bytes");
        _checkParams(p);
        uint256 w = (uint256(p.slots) + 3) / 4;
        bool explicitPeers = !p.pool && !p.allPairs;
        if (peers.length != (explicitPeers ? n : 0)) revert Refused("openRound: peer lists do not match the topology");
        if (p.pool && n * w > MAX_POOL_WORDS) revert Refused("openRound: pool too large");
        if (p.allPairs && (n - 1) * w > MAX_SUBMISSION_WORDS) revert Refused("openRound: submission too large");
        for (uint256 u = 0; u < n; u++) {
            _addParticipant(round, u, ids[u], maxTrade[u]);
            if (explicitPeers) _setPeers(round, u, w, peers);
        }
        Round storage r = rounds[round];
        r.params = p;
        r.n = uint16(n);
        r.words = uint16(w);
        r.status = OPEN;
        r.iteration = 1;
        r.active = uint32(n);
        r.rho = p.rho;
        r.openedAt = uint64(block.timestamp);
        termsOf[round] = terms;
        emit RoundOpened(round, uint16(n));
    }

    function _addParticipant(uint64 round, uint256 u, string calldata id, uint64 m) internal {
        address meter = meterOf[keccak256(bytes(id))];
        if (meter == address(0)) revert Refused("openRound: a participant is not registered");
        if (indexPlusOne[round][meter] != 0) revert Refused("openRound: participants must be unique");
        if (m != NO_LIMIT && m > MAX_LIMIT) revert Refused("openRound: maxTrade out of range");
        indexPlusOne[round][meter] = u + 1;
        participants[round][u] = Participant(meter, 0, 0, false, m);
    }

    function _setPeers(uint64 round, uint256 u, uint256 w, uint16[][] calldata peers) internal {
        uint16[] calldata list = peers[u];
        uint256 n = peers.length;
        if (list.length * w > MAX_SUBMISSION_WORDS) revert Refused("openRound: submission too large");
        for (uint256 i = 0; i < list.length; i++) {
            uint256 v = list[i];
            if (v >= n || v == u || (i > 0 && v <= list[i - 1])) {
                revert Refused("openRound: peers must be increasing indices of others");
            }
            if (!_contains(peers[v], uint16(u))) revert Refused("openRound: peer lists must be symmetric");
        }
        peerLists[round][u] = list;
    }

    /// @notice Func B: the sender's trades for the open iteration, links × ⌈slots/4⌉ words, link by link.
    function submit(uint64 round, uint32 iteration, uint256[] calldata words) external {
        Round storage r = rounds[round];
        if (r.status != OPEN) revert Refused("submit: round is not open");
        if (r.closing) revert Refused("submit: the iteration is being closed after its deadline");
        if (iteration != r.iteration) revert Refused("submit: not the open iteration");
        uint256 u = indexPlusOne[round][msg.sender];
        if (u == 0) revert Refused("submit: sender does not take part in this round");
        u -= 1;
        Participant storage me = participants[round][u];
        if (me.excluded) revert Refused("submit: participant is excluded");
        if (me.submittedAt == iteration) revert Refused("submit: already submitted this iteration");
        uint256 w = r.words;
        bool pool = r.params.pool;
        uint256 links = pool ? 1 : _degree(round, r, u);
        if (words.length != links * w) revert Refused("submit: wrong number of words");
        Sums memory s;
        for (uint256 i = 0; i < links; i++) {
            _storeLink(round, r, u, i, words[i * w:(i + 1) * w], s);
        }
        me.submittedAt = iteration;
        me.misses = 0;
        emit Submitted(round, iteration, uint16(u));
        if (!pool) _addSums(round, r, s);
        r.submitted += 1;
        if (r.submitted == r.active) {
            if (pool) _poolClose(round, r);
            _finish(round, r);
        }
    }

    /// @dev Checks and stores one link's words of a submission; completes the pair when its other end
    /// has already submitted in this iteration.
    function _storeLink(uint64 round, Round storage r, uint256 u, uint256 i, uint256[] calldata linkWords,
            Sums memory s) internal {
        bool pool = r.params.pool;
        uint256 v = pool ? POOL : _peer(round, r, u, i);
        bool frozen = pool ? r.active < 2 : participants[round][v].excluded;
        uint256 bound = frozen ? 0 : _limit(round, r, u, v);
        uint256 base = _slot(round, TAG_STANDING, u, v);
        uint256 slots = r.params.slots;
        for (uint256 j = 0; j < linkWords.length; j++) {
            uint256 word = linkWords[j];
            _checkWord(word, bound, slots - j * 4);
            _store(base + j, word);
        }
        if (!pool && !frozen && participants[round][v].submittedAt == r.iteration) {
            _pair(round, r, u < v ? u : v, u < v ? v : u, s);
        }
    }

    /// @notice After the open iteration's deadline, a participant or the operator closes it without
    /// the missing submissions. When the missing participants' pairs exceed one call's budget the
    /// iteration stays closing (no more submissions) and further calls continue the work.
    function advance(uint64 round) external {
        Round storage r = rounds[round];
        if (msg.sender != operator && indexPlusOne[round][msg.sender] == 0) {
            revert Refused("advance: only a participant of the round or the operator may advance it");
        }
        if (r.status != OPEN) revert Refused("advance: round is not open");
        uint32 k = r.iteration;
        uint256 n = r.n;
        if (!r.closing) {
            if (uint256(block.timestamp) * 1000 < uint256(r.openedAt) * 1000 + r.params.deadlineMillis) {
                revert Refused("advance: the iteration is open until its deadline");
            }
            for (uint256 x = 0; x < n; x++) {
                Participant storage p = participants[round][x];
                if (p.excluded || p.submittedAt == k) continue;
                p.misses += 1;
                if (k == 1 || p.misses >= r.params.missLimit) {
                    p.excluded = true;
                    r.active -= 1;
                    emit Excluded(round, k, uint16(x));
                }
            }
            if (r.active == 0) {
                r.status = ABANDONED;
                r.primal = 0;
                r.dual = 0;
                r.paper = 0;
                emit IterationClosed(round, k, ABANDONED, 0, 0, 0, r.rho);
                return;
            }
            if (r.params.pool) {
                _poolClose(round, r);
                _finish(round, r);
                return;
            }
            r.closing = true;
            r.cursor = 0;
        }
        Sums memory s;
        uint256 done = 0;
        uint256 u = r.cursor;
        uint256 w = r.words;
        for (; u < n; u++) {
            Participant storage p = participants[round][u];
            if (p.excluded || p.submittedAt == k) continue;
            uint256 links = _degree(round, r, u);
            if (done > 0 && done + links * w > ADVANCE_WORD_BUDGET) break;
            done += links * w;
            for (uint256 i = 0; i < links; i++) {
                uint256 v = _peer(round, r, u, i);
                Participant storage q = participants[round][v];
                if (q.excluded) continue;
                // a pair with both ends missing is done once, from its lower end
                if (q.submittedAt != k && v < u) continue;
                _pair(round, r, u < v ? u : v, u < v ? v : u, s);
            }
        }
        _addSums(round, r, s);
        r.cursor = uint16(u);
        if (u == n) _finish(round, r);
    }

    // ------------------------------------------------------------------ Func A

    /// @dev Updates pair (a, b), a < b, from the trades that stand: D = P − Q (2p'), λ -= ρ(P+Q)/(2·10⁹).
    function _pair(uint64 round, Round storage r, uint256 a, uint256 b, Sums memory s) internal {
        uint256 w = r.words;
        uint256 slots = r.params.slots;
        int256 rho = int256(uint256(r.rho));
        uint256[4] memory base = [_slot(round, TAG_STANDING, a, b), _slot(round, TAG_STANDING, b, a),
            _slot(round, TAG_AUX, a, b), _slot(round, TAG_LAMBDA, a, b)];
        uint256 pairSquares = 0;
        for (uint256 j = 0; j < w; j++) {
            uint256 lanes = slots - j * 4;
            pairSquares += _pairWord(base, j, lanes > 4 ? 4 : lanes, rho, s);
        }
        s.paper += 2 * _isqrt(pairSquares / 4);
    }

    /// @dev One word (up to four slots) of a pair update: stores the new D and λ words, returns Σ (P+Q)².
    function _pairWord(uint256[4] memory base, uint256 j, uint256 lanes, int256 rho, Sums memory s)
            internal returns (uint256 squares) {
        // Unchecked: |P|, |Q| <= 1e15 (submit checks every lane), so |P ± Q| and the stored |D| are < 2^51,
        // lambda is int64: every square is < 2^126, and a sum of at most 2^26 of them (pairs x slots)
        // is < 2^152; rho < 2^50 times |P + Q| < 2^51 is < 2^101.
        unchecked {
            uint256 pw = _load(base[0] + j);
            uint256 qw = _load(base[1] + j);
            uint256 dw = _load(base[2] + j);
            uint256 lw = _load(base[3] + j);
            uint256 dOut = 0;
            uint256 lOut = 0;
            for (uint256 lane = 0; lane < lanes; lane++) {
                int256 p = _lane(pw, lane);
                int256 q = _lane(qw, lane);
                int256 sum = p + q;
                int256 d = p - q;
                squares += uint256(sum * sum);
                int256 delta = d - _lane(dw, lane);
                s.change += uint256(delta * delta);
                s.trades += uint256(p * p) + uint256(q * q);
                s.aux += uint256(d * d);
                int256 l = _saturate(_lane(lw, lane) - (rho * sum) / int256(2 * SCALE));
                s.duals += uint256(l * l);
                dOut |= _pack(d, lane);
                lOut |= _pack(l, lane);
            }
            s.primal += squares;
            _store(base[2] + j, dOut);
            _store(base[3] + j, lOut);
        }
    }

    /// @dev The pool's exchange projection over the active participants (m ≥ 2), and its sums.
    function _poolClose(uint64 round, Round storage r) internal {
        uint256 n = r.n;
        uint256 m = r.active;
        Sums memory s;
        if (m >= 2) {
            bool[] memory on = new bool[](n);
            for (uint256 u = 0; u < n; u++) on[u] = !participants[round][u].excluded;
            (int256[] memory mean, uint256 meanSquares) = _poolMeans(round, r, on, m);
            s.duals = _poolDuals(round, r, mean) * m;
            s.primal = meanSquares * m;
            s.paper = _isqrt(meanSquares) * m;
            for (uint256 u = 0; u < n; u++) {
                if (on[u]) _poolAux(round, r, u, mean, s);
            }
        }
        Sums storage t = sums[round];
        t.primal = s.primal;
        t.change = s.change;
        t.trades = s.trades;
        t.aux = s.aux;
        t.duals = s.duals;
        t.paper = s.paper;
        r.sumsIteration = r.iteration;
    }

    /// @dev μ[t] = (Σ_active q_u[t]) / m, truncated, and Σ_t μ[t]².
    function _poolMeans(uint64 round, Round storage r, bool[] memory on, uint256 m) internal view
            returns (int256[] memory mean, uint256 squares) {
        // Unchecked: at most 256 lanes of |q| < 2^50 are summed; mean^2 < 2^100 over at most 1440 slots.
        unchecked {
            uint256 w = r.words;
            uint256 slots = r.params.slots;
            mean = new int256[](w * 4);
            for (uint256 j = 0; j < w; j++) {
                int256[4] memory total;
                for (uint256 u = 0; u < on.length; u++) {
                    if (!on[u]) continue;
                    uint256 word = _load(_slot(round, TAG_STANDING, u, POOL) + j);
                    for (uint256 lane = 0; lane < 4; lane++) total[lane] += _lane(word, lane);
                }
                for (uint256 lane = 0; lane < 4 && j * 4 + lane < slots; lane++) {
                    int256 mu = total[lane] / int256(m);
                    mean[j * 4 + lane] = mu;
                    squares += uint256(mu * mu);
                }
            }
        }
    }

    /// @dev The shared dual: λ[t] = sat(λ[t] − ρ·μ[t] / 10⁹); returns Σ_t λ[t]².
    function _poolDuals(uint64 round, Round storage r, int256[] memory mean) internal returns (uint256 squares) {
        // Unchecked: rho < 2^50 times |mean| < 2^50; lambda is int64, lambda^2 < 2^126 over at most
        // 1440 slots.
        unchecked {
            uint256 w = r.words;
            uint256 slots = r.params.slots;
            int256 rho = int256(uint256(r.rho));
            uint256 base = _slot(round, TAG_LAMBDA, POOL, POOL);
            for (uint256 j = 0; j < w; j++) {
                uint256 lw = _load(base + j);
                uint256 out = 0;
                for (uint256 lane = 0; lane < 4 && j * 4 + lane < slots; lane++) {
                    int256 l = _saturate(_lane(lw, lane) - (rho * mean[j * 4 + lane]) / int256(SCALE));
                    squares += uint256(l * l);
                    out |= _pack(l, lane);
                }
                _store(base + j, out);
            }
        }
    }

    /// @dev q'_u = q_u − μ for one active participant, with its share of the sums.
    function _poolAux(uint64 round, Round storage r, uint256 u, int256[] memory mean, Sums memory s) internal {
        // Unchecked: |q| <= 1e15 < 2^50, so |mean| < 2^50 and the stored |aux| < 2^51; every square is
        // < 2^104, at most 2,048 words x 4 lanes of them in a sum.
        unchecked {
            uint256 w = r.words;
            uint256 slots = r.params.slots;
            uint256 qBase = _slot(round, TAG_STANDING, u, POOL);
            uint256 aBase = _slot(round, TAG_AUX, u, POOL);
            for (uint256 j = 0; j < w; j++) {
                uint256 qw = _load(qBase + j);
                uint256 aw = _load(aBase + j);
                uint256 out = 0;
                for (uint256 lane = 0; lane < 4 && j * 4 + lane < slots; lane++) {
                    int256 q = _lane(qw, lane);
                    int256 aux = q - mean[j * 4 + lane];
                    int256 delta = aux - _lane(aw, lane);
                    s.change += uint256(delta * delta);
                    s.trades += uint256(q * q);
                    s.aux += uint256(aux * aux);
                    out |= _pack(aux, lane);
                }
                _store(aBase + j, out);
            }
        }
    }

    /// @dev Adds a call's pair sums to the iteration's (bilateral).
    function _addSums(uint64 round, Round storage r, Sums memory s) internal {
        Sums storage t = sums[round];
        if (r.sumsIteration != r.iteration) {
            t.primal = s.primal;
            t.change = s.change;
            t.trades = s.trades;
            t.aux = s.aux;
            t.duals = s.duals;
            t.paper = s.paper;
            r.sumsIteration = r.iteration;
            return;
        }
        if (s.trades == 0 && s.primal == 0 && s.change == 0 && s.aux == 0 && s.duals == 0 && s.paper == 0) return;
        t.primal += s.primal;
        t.change += s.change;
        t.trades += s.trades;
        t.aux += s.aux;
        t.duals += s.duals;
        t.paper += s.paper;
    }

    /// @dev Residuals, stopping test, ρ balancing, the next iteration.
    function _finish(uint64 round, Round storage r) internal {
        uint32 k = r.iteration;
        Sums memory s;
        if (r.sumsIteration == k) s = sums[round];
        (uint256 primal, uint256 dual, bool converged) = _test(round, r, s);
        uint64 used = r.rho;
        if (r.params.adaptiveRho && !converged && k % 10 == 0 && k <= 500) {
            if (primal > 10 * dual) {
                r.rho = used * 2 > MAX_RHO ? MAX_RHO : used * 2;
            } else if (dual > 10 * primal) {
                r.rho = used / 2 < MIN_RHO ? MIN_RHO : used / 2;
            }
        }
        uint8 status = converged ? FINAL : k >= r.params.maxIterations ? MAX_ITERATIONS : OPEN;
        r.status = status;
        r.primal = primal;
        r.dual = dual;
        r.paper = s.paper;
        r.closing = false;
        r.cursor = 0;
        if (status == OPEN) {
            r.iteration = k + 1;
            r.submitted = 0;
            r.openedAt = uint64(block.timestamp);
        }
        emit IterationClosed(round, k, status, primal, dual, s.paper, used);
    }

    /// @dev r = ⌊‖p − p'‖⌋, s = ⌊ρ·⌊‖Δp'‖⌋/10⁹⌋ and the stopping test (pair sums stand for two links).
    function _test(uint64 round, Round storage r, Sums memory s) internal view
            returns (uint256 primal, uint256 dual, bool converged) {
        bool pool = r.params.pool;
        primal = _isqrt(pool ? s.primal : s.primal / 2);
        dual = uint256(r.rho) * _isqrt(pool ? s.change : s.change / 2) / SCALE;
        if (r.params.rule == RULE_PAPER) return (primal, dual, s.paper < r.params.paperEpsilon);
        uint256 normP = _isqrt(s.trades);
        uint256 normAux = _isqrt(pool ? s.aux : s.aux / 2);
        uint256 normLambda = _isqrt(pool ? s.duals : s.duals * 2);
        uint256 entries = (pool ? uint256(r.n) : _linkCount(round, r)) * r.params.slots;
        uint256 absolute = _isqrt(entries * r.params.epsAbs * r.params.epsAbs);
        uint256 tolPrimal = absolute + uint256(r.params.epsRel) * (normP > normAux ? normP : normAux) / SCALE;
        uint256 tolDual = absolute + uint256(r.params.epsRel) * normLambda / SCALE;
        converged = primal <= tolPrimal && dual <= tolDual;
    }

    // ------------------------------------------------------------------ queries (Func C)

    /// @notice The round's public state.
    function roundInfo(uint64 round) external view returns (uint8 status, uint32 iteration, uint64 rho,
            uint256 primal, uint256 dual, uint256 paper, uint32 submissions, uint256 deadlineMillis, uint32 active,
            bool closing) {
        Round storage r = _round(round);
        return (r.status, r.iteration, r.rho, r.primal, r.dual, r.paper, r.submitted,
            uint256(r.openedAt) * 1000 + r.params.deadlineMillis, r.active, r.closing);
    }

    /// @notice The round's settings, participants' meters and declared limits.
    function roundConfig(uint64 round) external view returns (Params memory params, address[] memory meters,
            uint64[] memory maxTrade) {
        Round storage r = _round(round);
        meters = new address[](r.n);
        maxTrade = new uint64[](r.n);
        for (uint256 u = 0; u < r.n; u++) {
            meters[u] = participants[round][u].meter;
            maxTrade[u] = participants[round][u].maxTrade;
        }
        return (r.params, meters, maxTrade);
    }

    /// @notice What a meter compiles its local problem from: the round's settings, each participant's
    /// registered id hash (keccak256 of the id) and declared limit, the explicit peer lists (none
    /// when pool or allPairs) flattened with each list's length, and the terms the operator
    /// published with the round.
    function config(uint64 round) external view returns (Params memory params, bytes32[] memory idHashes,
            uint64[] memory maxTrade, uint16[] memory degrees, uint16[] memory peers, bytes memory terms) {
        Round storage r = _round(round);
        uint256 n = r.n;
        idHashes = new bytes32[](n);
        maxTrade = new uint64[](n);
        bool explicitPeers = !r.params.pool && !r.params.allPairs;
        degrees = new uint16[](explicitPeers ? n : 0);
        uint256 total = 0;
        for (uint256 u = 0; u < n; u++) {
            idHashes[u] = idHashOf[participants[round][u].meter];
            maxTrade[u] = participants[round][u].maxTrade;
            if (explicitPeers) {
                degrees[u] = uint16(peerLists[round][u].length);
                total += peerLists[round][u].length;
            }
        }
        peers = new uint16[](total);
        uint256 next = 0;
        for (uint256 u = 0; u < degrees.length; u++) {
            uint16[] storage list = peerLists[round][u];
            for (uint256 i = 0; i < list.length; i++) peers[next++] = list[i];
        }
        return (r.params, idHashes, maxTrade, degrees, peers, termsOf[round]);
    }

    /// @notice A participant's broadcast: 2p' and λ of its links (links × slots, flattened), which
    /// links are frozen, and whether it is excluded.
    function broadcast(uint64 round, uint16 u) external view returns (uint32 iteration, uint64 rho,
            int64[] memory twiceAux, int64[] memory lambda, bool[] memory frozen, bool excluded) {
        Round storage r = _round(round);
        if (u >= r.n) revert Refused("no such participant");
        bool pool = r.params.pool;
        uint256 links = pool ? 1 : _degree(round, r, u);
        uint256 slots = r.params.slots;
        twiceAux = new int64[](links * slots);
        lambda = new int64[](links * slots);
        frozen = new bool[](links);
        excluded = participants[round][u].excluded;
        for (uint256 i = 0; i < links; i++) {
            uint256 v = pool ? POOL : _peer(round, r, u, i);
            frozen[i] = excluded || (pool ? r.active < 2 : participants[round][v].excluded);
            if (!frozen[i]) _fill(round, u, v, i * slots, slots, twiceAux, lambda);
        }
        return (r.iteration, r.rho, twiceAux, lambda, frozen, excluded);
    }

    /// @dev Copies one link's 2p' and λ into a broadcast, from `offset`.
    function _fill(uint64 round, uint256 u, uint256 v, uint256 offset, uint256 slots, int64[] memory twiceAux,
            int64[] memory lambda) internal view {
        bool pool = v == POOL;
        (uint256 a, uint256 b) = pool ? (u, POOL) : u < v ? (u, v) : (v, u);
        uint256 aBase = _slot(round, TAG_AUX, a, b);
        uint256 lBase = pool ? _slot(round, TAG_LAMBDA, POOL, POOL) : _slot(round, TAG_LAMBDA, a, b);
        int256 factor = pool ? int256(2) : u > v ? int256(-1) : int256(1);
        for (uint256 t = 0; t < slots; t++) {
            twiceAux[offset + t] = int64(factor * _lane(_load(aBase + t / 4), t % 4));
            lambda[offset + t] = int64(_lane(_load(lBase + t / 4), t % 4));
        }
    }

    /// @notice A participant's standing trades (its last submission), links × slots, zero on frozen links.
    function standing(uint64 round, uint16 u) external view returns (int64[] memory trades) {
        Round storage r = _round(round);
        if (u >= r.n) revert Refused("no such participant");
        bool pool = r.params.pool;
        uint256 links = pool ? 1 : _degree(round, r, u);
        uint256 slots = r.params.slots;
        trades = new int64[](links * slots);
        if (participants[round][u].excluded) return trades;
        for (uint256 i = 0; i < links; i++) {
            uint256 v = pool ? POOL : _peer(round, r, u, i);
            if (pool ? r.active < 2 : participants[round][v].excluded) continue;
            uint256 base = _slot(round, TAG_STANDING, u, v);
            for (uint256 t = 0; t < slots; t++) trades[i * slots + t] = int64(_lane(_load(base + t / 4), t % 4));
        }
    }

    /// @notice Whether participant u submitted in the open iteration.
    function submitted(uint64 round, uint16 u) external view returns (bool) {
        Round storage r = _round(round);
        if (u >= r.n) revert Refused("no such participant");
        return r.status == OPEN && participants[round][u].submittedAt == r.iteration;
    }

    /// @notice Which participants the deadline rule excluded.
    function excludedParticipants(uint64 round) external view returns (bool[] memory out) {
        Round storage r = _round(round);
        out = new bool[](r.n);
        for (uint256 u = 0; u < r.n; u++) out[u] = participants[round][u].excluded;
    }

    /// @notice The index of a meter in a round (reverts when it does not take part).
    function indexOf(uint64 round, address meter) external view returns (uint16) {
        uint256 i = indexPlusOne[round][meter];
        if (i == 0) revert Refused("not a participant");
        return uint16(i - 1);
    }

    /// @notice Participant u's payment in minor units (positive = pays) in a FINAL round: a pure
    /// function of the final state, which no call can change; the payments sum to exactly zero.
    /// Bilateral: pair u < v, u pays A = π·m·Σ_t 2p'_uv / (2·10¹⁸) rounded half to even. Pool: each
    /// A_u rounded down; the shortfall R = −Σ floor(A_u) is spread as floor(R/n) to all and one
    /// more unit to the R mod n participants with the largest remainders (ties to the lower index).
    function settlement(uint64 round, uint16 u) external view returns (int256) {
        Round storage r = _round(round);
        if (r.status != FINAL) revert Refused("settlement: round is not final");
        if (u >= r.n) revert Refused("no such participant");
        int256 scale = int256(r.params.price) * int256(uint256(r.params.minorUnits));
        if (!r.params.pool) {
            int256 pay = 0;
            if (participants[round][u].excluded) return 0;
            uint256 links = _degree(round, r, u);
            for (uint256 i = 0; i < links; i++) {
                uint256 v = _peer(round, r, u, i);
                if (participants[round][v].excluded) continue;
                (uint256 a, uint256 b) = u < v ? (uint256(u), v) : (v, uint256(u));
                int256 amount = _roundHalfEven(_energy(round, r, a, b) * scale);
                pay += u < v ? amount : -amount;
            }
            return pay;
        }
        uint256 n = r.n;
        int256[] memory floors = new int256[](n);
        uint256[] memory rest = new uint256[](n);
        int256 floorSum = 0;
        bool frozenAll = r.active < 2;
        for (uint256 x = 0; x < n; x++) {
            int256 e = (frozenAll || participants[round][x].excluded) ? int256(0) : _energy(round, r, x, POOL);
            (floors[x], rest[x]) = _floorDiv(e * scale);
            floorSum += floors[x];
        }
        int256 shortfall = -floorSum;
        int256 each = shortfall / int256(n);
        int256 extra = shortfall % int256(n);
        if (extra < 0) {
            extra += int256(n);
            each -= 1;
        }
        // rank of u: participants before it in (remainder descending, index ascending)
        uint256 rank = 0;
        for (uint256 x = 0; x < n; x++) {
            if (rest[x] > rest[u] || (rest[x] == rest[u] && x < u)) rank++;
        }
        return floors[u] + each + (rank < uint256(extra) ? int256(1) : int256(0));
    }

    // ------------------------------------------------------------------ helpers

    function _round(uint64 round) internal view returns (Round storage r) {
        r = rounds[round];
        if (r.status == 0) revert Refused("unknown round");
    }

    function _checkParams(Params calldata p) internal pure {
        if (p.slots < 1 || p.slots > 1440) revert Refused("openRound: slots must be 1 to 1440");
        if (p.pool && p.allPairs) revert Refused("openRound: allPairs is bilateral");
        if (p.rule != RULE_STANDARD && p.rule != RULE_PAPER) revert Refused("openRound: unknown stopping rule");
        if (p.maxIterations < 1 || p.maxIterations > 100000) revert Refused("openRound: maxIterations out of range");
        if (p.missLimit < 1 || p.missLimit > 1000) revert Refused("openRound: missLimit out of range");
        if (p.minorUnits < 1 || p.minorUnits > 1000) revert Refused("openRound: minorUnits out of range");
        if (p.rho < MIN_RHO || p.rho > MAX_RHO) revert Refused("openRound: rho out of range");
        if (p.epsAbs < 1 || p.epsAbs > MAX_TOLERANCE || p.epsRel < 1 || p.epsRel > MAX_TOLERANCE
            || p.paperEpsilon < 1 || p.paperEpsilon > MAX_TOLERANCE) revert Refused("openRound: tolerance out of range");
        if (p.price > MAX_PRICE || p.price < -MAX_PRICE) revert Refused("openRound: price out of range");
        if (p.tradeCap > MAX_LIMIT) revert Refused("openRound: tradeCap out of range");
        if (p.deadlineMillis < 1000 || p.deadlineMillis > 86400000) revert Refused("openRound: deadline out of range");
    }

    function _contains(uint16[] calldata list, uint16 x) internal pure returns (bool) {
        uint256 lo = 0;
        uint256 hi = list.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (list[mid] == x) return true;
            if (list[mid] < x) lo = mid + 1; else hi = mid;
        }
        return false;
    }

    function _degree(uint64 round, Round storage r, uint256 u) internal view returns (uint256) {
        return r.params.allPairs ? uint256(r.n) - 1 : peerLists[round][u].length;
    }

    function _peer(uint64 round, Round storage r, uint256 u, uint256 i) internal view returns (uint256) {
        if (r.params.allPairs) return i < u ? i : i + 1;
        return peerLists[round][u][i];
    }

    function _linkCount(uint64 round, Round storage r) internal view returns (uint256 count) {
        if (r.params.allPairs) return uint256(r.n) * (uint256(r.n) - 1);
        for (uint256 u = 0; u < r.n; u++) count += peerLists[round][u].length;
    }

    /// @dev A link's limit: the smaller declared limit of its ends, else the round's cap.
    function _limit(uint64 round, Round storage r, uint256 u, uint256 v) internal view returns (uint256) {
        uint64 a = participants[round][u].maxTrade;
        uint64 b = v == POOL ? NO_LIMIT : participants[round][v].maxTrade;
        uint64 m = a < b ? a : b;
        return m == NO_LIMIT ? r.params.tradeCap : m;
    }

    /// @dev Every lane within ±bound (never int64's minimum), lanes past the horizon zero.
    function _checkWord(uint256 word, uint256 bound, uint256 lanesLeft) internal pure {
        // Unchecked: lanes are int64 and bound <= 1e15, nothing here can overflow.
        unchecked {
            for (uint256 lane = 0; lane < 4; lane++) {
                int256 x = _lane(word, lane);
                if (lane >= lanesLeft) {
                    if (x != 0) revert Refused("submit: a lane past the horizon must be zero");
                } else if (x > int256(bound) || x < -int256(bound)) {
                    revert Refused("submit: a trade is beyond its link's limit");
                }
            }
        }
    }

    /// @dev Σ_t 2p' of a link's stored auxiliary (pair a < b, or a pool participant).
    function _energy(uint64 round, Round storage r, uint256 a, uint256 b) internal view returns (int256 total) {
        uint256 base = _slot(round, TAG_AUX, a, b);
        uint256 slots = r.params.slots;
        for (uint256 t = 0; t < slots; t++) total += _lane(_load(base + t / 4), t % 4);
        if (b == POOL) total *= 2;
    }

    function _floorDiv(int256 x) internal pure returns (int256 q, uint256 rest) {
        int256 d = 2e18;
        q = x / d;
        int256 m = x - q * d;
        if (m < 0) {
            q -= 1;
            m += d;
        }
        rest = uint256(m);
    }

    function _roundHalfEven(int256 x) internal pure returns (int256) {
        (int256 q, uint256 rest) = _floorDiv(x);
        uint256 twice = 2 * rest;
        if (twice > 2e18 || (twice == 2e18 && q % 2 != 0)) return q + 1;
        return q;
    }

    function _slot(uint64 round, uint256 tag, uint256 a, uint256 b) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(round, tag, a, b)));
    }

    function _load(uint256 slot) internal view returns (uint256 v) {
        assembly {
            v := sload(slot)
        }
    }

    function _store(uint256 slot, uint256 v) internal {
        assembly {
            sstore(slot, v)
        }
    }

    function _lane(uint256 word, uint256 lane) internal pure returns (int256) {
        return int256(int64(uint64(word >> (64 * lane))));
    }

    function _pack(int256 x, uint256 lane) internal pure returns (uint256) {
        return uint256(uint64(int64(x))) << (64 * lane);
    }

    function _saturate(int256 x) internal pure returns (int256) {
        if (x > LAMBDA_MAX) return LAMBDA_MAX;
        if (x < -LAMBDA_MAX) return -LAMBDA_MAX;
        return x;
    }

    /// @dev floor(√x): Newton's method from a power of two above the root.
    function _isqrt(uint256 x) internal pure returns (uint256) {
        if (x == 0) return 0;
        uint256 bits = 0;
        uint256 y = x;
        if (y >= 1 << 128) { y >>= 128; bits += 128; }
        if (y >= 1 << 64) { y >>= 64; bits += 64; }
        if (y >= 1 << 32) { y >>= 32; bits += 32; }
        if (y >= 1 << 16) { y >>= 16; bits += 16; }
        if (y >= 1 << 8) { y >>= 8; bits += 8; }
        if (y >= 1 << 4) { y >>= 4; bits += 4; }
        if (y >= 1 << 2) { y >>= 2; bits += 2; }
        if (y >= 1 << 1) { bits += 1; }
        uint256 z = 1 << (bits / 2 + 1);
        while (true) {
            uint256 next = (z + x / z) / 2;
            if (next >= z) return z;
            z = next;
        }
        return z;
    }
}
