package org.tem.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * One key's connection to an EVM node over JSON-RPC (HTTP): signs legacy EIP-155 transactions
 * with the key, tracks its nonce, estimates gas (a call the contract would refuse is reported as a
 * {@link RefusedException} before anything is sent), waits for the receipt and the configured
 * confirmations, and sends the same signed transaction again when no receipt comes (a node that
 * restarted may have lost it; re-sending the same bytes cannot execute twice). While the node
 * cannot be reached it retries until {@link EvmOptions#timeoutMillis()}.
 *
 * <p>Transactions of one account are sent one at a time, in nonce order: {@link #send} (and its
 * nonce and gas price) must be called from one thread at a time; the queries ({@link #call},
 * {@link #blockNumber}, {@link #balance}, {@link #rpc}, …) may be called from any thread meanwhile
 * (the connection is shared). One account per sending thread (see {@link #withKey}).
 */
public final class EvmAccount implements AutoCloseable {
    /** The selector of the contract's {@code Refused(string)} error. */
    static final String REFUSED = Numeric.toHexString(Hash.sha3("Refused(string)".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII))).substring(0, 10);
    private static final String ERROR = "0x08c379a0";

    private final Web3j web3j;
    private final HttpService service;
    private final boolean owner;
    private final Credentials credentials;
    private final long chainId;
    private final EvmOptions options;
    private final java.util.concurrent.atomic.AtomicLong gasSpent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong mined = new java.util.concurrent.atomic.AtomicLong();
    private BigInteger nonce;
    private BigInteger gasPrice;
    private long gasPriceAt;
    private BigInteger blockLimit;
    private long blockLimitAt;
    /** How long a gas price read from the node is used before it is read again. */
    private static final long GAS_PRICE_MILLIS = 10_000;

    private EvmAccount(Web3j web3j, HttpService service, boolean owner, Credentials credentials, long chainId,
            EvmOptions options) {
        this.web3j = web3j;
        this.service = service;
        this.owner = owner;
        this.credentials = credentials;
        this.chainId = chainId;
        this.options = options;
    }

    /**
     * Connects to a node and reads its chain id.
     *
     * @param rpcUrl the node's JSON-RPC URL, e.g. {@code http://127.0.0.1:8545}
     * @param privateKeyHex the account's secp256k1 private key, hex (with or without {@code 0x})
     * @param options how to send
     * @return the account
     * @throws EvmException when the node cannot be reached within the timeout
     * @throws IllegalArgumentException on a malformed key
     */
    public static EvmAccount connect(String rpcUrl, String privateKeyHex, EvmOptions options) {
        Objects.requireNonNull(options, "options");
        Credentials key = credentials(privateKeyHex);
        HttpService service = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(service);
        long chain = retry(options, "eth_chainId", () -> check(web3j.ethChainId().send()).getChainId()).longValueExact();
        return new EvmAccount(web3j, service, true, key, chain, options);
    }

    /**
     * Another key over the same connection (closing it leaves the connection open).
     *
     * @param privateKeyHex the other key, hex
     * @return an account signing with that key
     */
    public EvmAccount withKey(String privateKeyHex) {
        return new EvmAccount(web3j, service, false, credentials(privateKeyHex), chainId, options);
    }

    private static Credentials credentials(String hex) {
        String clean = hex.trim();
        if (!clean.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("key: must be 32 bytes of hex");
        }
        return Credentials.create(clean);
    }

    /** @return the account's address, {@code 0x} and 40 lower-case hex digits */
    public String address() {
        return credentials.getAddress();
    }

    /**
     * @return the gas of every transaction this instance sent whose receipt it received (reverted
     *     ones included; a call refused at the gas estimate is never sent and costs nothing), since
     *     it was created; {@link #withKey} starts from zero. Thread-safe.
     */
    public long gasUsed() {
        return gasSpent.get();
    }

    /** @return the transactions this instance sent whose receipt it received, since it was created. Thread-safe. */
    public long transactionsMined() {
        return mined.get();
    }

    /** @return the node's chain id */
    public long chainId() {
        return chainId;
    }

    /** @return the sending options */
    public EvmOptions options() {
        return options;
    }

    /**
     * The outcome of a transaction.
     *
     * @param hash its hash
     * @param success whether it executed without reverting
     * @param gasUsed the gas it used
     * @param block the block that includes it
     * @param contractAddress the created contract's address (deployments), else empty
     */
    public record Receipt(String hash, boolean success, long gasUsed, long block, String contractAddress) {
    }

    /**
     * Sends a transaction and waits for its receipt and confirmations. Its gas limit is the node's
     * estimate times {@link EvmOptions#gasMargin()} plus 21,000, capped at the gas limit of the
     * node's latest block: enough when the state the transaction runs on is the one it was
     * estimated on, give or take the margin (see {@link #send(String, String, BigInteger, long)}
     * when other transactions may change it meanwhile). Same as {@code send(to, data, value, 0)}.
     *
     * @param to the callee, or null to deploy {@code data} as a contract
     * @param data the calldata (or init code), hex
     * @param value wei to send along
     * @return the receipt
     * @throws RefusedException when the node's gas estimate says the call would revert (with the
     *     contract's reason); nothing was sent
     * @throws EvmException when the node stays unreachable or no receipt arrives within the timeout
     */
    public Receipt send(String to, String data, BigInteger value) {
        return send(to, data, value, 0);
    }

    /**
     * Sends a transaction whose execution may cost more than the node's estimate says, because
     * other transactions change the state it runs on between the estimate and its block (e.g. a
     * submission that becomes the last of its iteration and runs the closing step). Its gas limit
     * is the estimate times {@link EvmOptions#gasMargin()}, plus 21,000, plus {@code reserveGas},
     * capped at the gas limit of the node's latest block (a transaction above it could never be
     * included). Unused gas is not charged, so the reserve costs nothing but room in the block
     * while the transaction waits for inclusion.
     *
     * @param to the callee, or null to deploy {@code data} as a contract
     * @param data the calldata (or init code), hex
     * @param value wei to send along
     * @param reserveGas gas added to the limit beyond the margin, {@code >= 0}
     * @return the receipt
     * @throws IllegalArgumentException when {@code reserveGas < 0}
     * @throws RefusedException when the node's gas estimate says the call would revert (with the
     *     contract's reason); nothing was sent
     * @throws EvmException when the node stays unreachable or no receipt arrives within the timeout
     */
    public Receipt send(String to, String data, BigInteger value, long reserveGas) {
        if (reserveGas < 0) {
            throw new IllegalArgumentException("reserveGas: must be >= 0, was " + reserveGas);
        }
        BigInteger estimate = retry(options, "eth_estimateGas", () -> {
            EthEstimateGas g = web3j.ethEstimateGas(new Transaction(address(), null, null, null, to, value, data)).send();
            if (g.hasError()) {
                throw refusal(g.getError());
            }
            return g.getAmountUsed();
        });
        return sendWithGas(to, data, value, gasLimit(estimate, options.gasMargin(), reserveGas, blockGasLimit()));
    }

    /**
     * The gas limit of {@link #send(String, String, BigInteger, long)}.
     *
     * @param estimate the node's estimate, {@code >= 0}
     * @param margin the factor applied to it
     * @param reserveGas gas added beyond the margin, {@code >= 0}
     * @param blockLimit the block gas limit, the most a transaction may ask for
     * @return {@code min(blockLimit, ⌊estimate × margin⌋ + 21,000 + reserveGas)}
     */
    static BigInteger gasLimit(BigInteger estimate, double margin, long reserveGas, BigInteger blockLimit) {
        BigInteger gas = new java.math.BigDecimal(estimate).multiply(java.math.BigDecimal.valueOf(margin))
                .toBigInteger().add(BigInteger.valueOf(21_000)).add(BigInteger.valueOf(reserveGas));
        return gas.min(blockLimit);
    }

    /** The gas limit of the latest block, read again after {@link #GAS_PRICE_MILLIS} as the gas price is. */
    private BigInteger blockGasLimit() {
        long now = System.currentTimeMillis();
        if (blockLimit == null || now - blockLimitAt > GAS_PRICE_MILLIS) {
            blockLimit = retry(options, "eth_getBlockByNumber", () -> check(web3j.ethGetBlockByNumber(
                    DefaultBlockParameterName.LATEST, false).send()).getBlock().getGasLimit());
            blockLimitAt = now;
        }
        return blockLimit;
    }

    /**
     * Sends a transaction with a fixed gas limit, without asking the node first: a call the
     * contract refuses is mined and reverts ({@link Receipt#success()} false), as it would be when
     * sent by a client that does not estimate. For tests of refused calls.
     *
     * @param to the callee, or null to deploy
     * @param data the calldata, hex
     * @param value wei to send along
     * @param gas the gas limit
     * @return the receipt
     * @throws EvmException when the node stays unreachable or no receipt arrives within the timeout
     */
    Receipt sendWithGas(String to, String data, BigInteger value, BigInteger gas) {
        long now = System.currentTimeMillis();
        if (gasPrice == null || now - gasPriceAt > GAS_PRICE_MILLIS) {
            gasPrice = retry(options, "eth_gasPrice", () -> check(web3j.ethGasPrice().send()).getGasPrice());
            gasPriceAt = now;
        }
        BigInteger price = gasPrice;
        if (nonce == null) {
            nonce = pendingNonce();
        }
        RawTransaction raw = to == null ? RawTransaction.createContractTransaction(nonce, price, gas, value, data)
                : RawTransaction.createTransaction(nonce, price, gas, to, value, data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
        String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(signed)));
        BigInteger used = nonce;
        broadcast(signed);
        nonce = used.add(BigInteger.ONE);
        return await(hash, signed, used);
    }

    /** Sends raw bytes; a node that already has them (or has mined them) is not an error. */
    private void broadcast(String signed) {
        retry(options, "eth_sendRawTransaction", () -> {
            EthSendTransaction r = web3j.ethSendRawTransaction(signed).send();
            if (r.hasError()) {
                String m = r.getError().getMessage().toLowerCase(java.util.Locale.ROOT);
                if (!m.contains("already") && !m.contains("nonce too low") && !m.contains("known")) {
                    throw new EvmException("eth_sendRawTransaction: " + r.getError().getMessage());
                }
            }
            return Boolean.TRUE;
        });
    }

    private Receipt await(String hash, String signed, BigInteger used) {
        long start = System.currentTimeMillis();
        long lastSend = start;
        while (true) {
            java.util.Optional<TransactionReceipt> r = receipt(hash);
            if (r.isPresent()) {
                TransactionReceipt t = r.get();
                long block = t.getBlockNumber().longValueExact();
                long gas = t.getGasUsed().longValueExact();
                gasSpent.addAndGet(gas);
                mined.incrementAndGet();
                waitConfirmations(block, start);
                return new Receipt(hash, t.isStatusOK(), gas, block,
                        t.getContractAddress() == null ? "" : t.getContractAddress());
            }
            long now = System.currentTimeMillis();
            if (now - start > options.timeoutMillis()) {
                nonce = null;
                throw new EvmException("no receipt for " + hash + " (nonce " + used + ") within "
                        + options.timeoutMillis() + " ms");
            }
            if (now - lastSend >= options.resendMillis()) {
                broadcast(signed);
                lastSend = now;
            }
            sleep(options.pollMillis());
        }
    }

    private java.util.Optional<TransactionReceipt> receipt(String hash) {
        try {
            EthGetTransactionReceipt r = web3j.ethGetTransactionReceipt(hash).send();
            return r.hasError() ? java.util.Optional.empty() : r.getTransactionReceipt();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private void waitConfirmations(long block, long start) {
        if (options.confirmations() == 0) {
            return;
        }
        while (blockNumber() < block + options.confirmations()) {
            if (System.currentTimeMillis() - start > options.timeoutMillis()) {
                throw new EvmException("block " + block + " did not get " + options.confirmations()
                        + " confirmations within " + options.timeoutMillis() + " ms");
            }
            sleep(options.pollMillis());
        }
    }

    private BigInteger pendingNonce() {
        return retry(options, "eth_getTransactionCount", () -> check(web3j.ethGetTransactionCount(address(),
                DefaultBlockParameterName.PENDING).send()).getTransactionCount());
    }

    /**
     * A read-only call at the latest block.
     *
     * @param to the contract
     * @param data the calldata, hex
     * @return the returned data, hex
     * @throws RefusedException when the call reverts (with the contract's reason)
     * @throws EvmException when the node stays unreachable
     */
    public String call(String to, String data) {
        return call(to, data, DefaultBlockParameterName.LATEST);
    }

    /**
     * A read-only call on the state a given block left, so that several calls read one block's state
     * even when blocks are mined between them. Caution: a node may answer calls at its latest block
     * from its live state, including a transaction still executing that a revert then undoes (Anvil
     * 1.7 does); read the latest block only while none of the caller's transactions is in flight.
     *
     * @param to the contract
     * @param data the calldata, hex
     * @param block a block number, at most the latest
     * @return the returned data, hex
     * @throws RefusedException when the call reverts (with the contract's reason)
     * @throws EvmException when the node stays unreachable or does not know the block
     */
    public String call(String to, String data, long block) {
        return call(to, data, org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
    }

    private String call(String to, String data, org.web3j.protocol.core.DefaultBlockParameter at) {
        return retry(options, "eth_call", () -> {
            EthCall c = web3j.ethCall(Transaction.createEthCallTransaction(address(), to, data), at).send();
            if (c.hasError()) {
                throw refusal(c.getError());
            }
            return c.getValue();
        });
    }

    /** @return the latest block number */
    public long blockNumber() {
        return retry(options, "eth_blockNumber", () -> check(web3j.ethBlockNumber().send()).getBlockNumber())
                .longValueExact();
    }

    /** @return the latest block's timestamp, seconds since the epoch */
    public long blockTimestamp() {
        return retry(options, "eth_getBlockByNumber", () -> check(web3j.ethGetBlockByNumber(
                DefaultBlockParameterName.LATEST, false).send()).getBlock().getTimestamp()).longValueExact();
    }

    /**
     * On a dev node (Anvil, Hardhat), makes the next block's time at least {@code millis} of block
     * time ({@code evm_setNextBlockTimestamp}, whole seconds rounded up); nothing when the chain is
     * already there.
     *
     * @param millis a block time, milliseconds since the epoch
     * @throws EvmException when the node does not offer the method
     */
    public void advanceClockTo(long millis) {
        long seconds = (millis + 999) / 1000;
        if (seconds > blockTimestamp()) {
            rpc("evm_setNextBlockTimestamp", seconds);
        }
    }

    /**
     * @param account an address
     * @return its balance in wei at the latest block
     */
    public BigInteger balance(String account) {
        return retry(options, "eth_getBalance", () -> check(web3j.ethGetBalance(account,
                DefaultBlockParameterName.LATEST).send()).getBalance());
    }

    /** A JSON-RPC answer of any shape. */
    public static final class RawResponse extends Response<Object> {
    }

    /**
     * A JSON-RPC request the typed client does not cover (e.g. a dev node's
     * {@code evm_setNextBlockTimestamp}).
     *
     * @param method the method
     * @param params its parameters
     * @return the result (a JSON value as Jackson reads it)
     * @throws EvmException when the node answers with an error or stays unreachable
     */
    public Object rpc(String method, Object... params) {
        return retry(options, method, () -> check(new org.web3j.protocol.core.Request<>(method,
                java.util.Arrays.asList(params), service, RawResponse.class).send()).getResult());
    }

    /** Forgets the tracked nonce; the next transaction reads it from the node. */
    public void resyncNonce() {
        nonce = null;
    }

    /** @return the underlying web3j client (for what this class does not cover) */
    public Web3j web3j() {
        return web3j;
    }

    @Override
    public void close() {
        if (owner) {
            web3j.shutdown();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static RuntimeException refusal(Response.Error error) {
        String data = error.getData() == null ? "" : error.getData().replace("\"", "");
        String reason = decodeRevert(data);
        if (reason != null) {
            return new RefusedException(reason);
        }
        String m = error.getMessage() == null ? "" : error.getMessage();
        if (m.toLowerCase(java.util.Locale.ROOT).contains("revert")) {
            return new RefusedException(m);
        }
        return new EvmException("node error: " + m);
    }

    /**
     * @param data revert data, hex
     * @return the reason of a {@code Refused(string)} or {@code Error(string)} revert, else null
     */
    static String decodeRevert(String data) {
        if (data == null || data.length() < 10) {
            return null;
        }
        String selector = data.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
        if (!selector.equals(REFUSED) && !selector.equals(ERROR)) {
            return null;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<TypeReference<Type>> out = (List) List.of(new TypeReference<Utf8String>() { });
        List<Type> decoded = FunctionReturnDecoder.decode("0x" + data.substring(10), out);
        return decoded.isEmpty() ? null : (String) decoded.get(0).getValue();
    }

    private static <T extends Response<?>> T check(T response) {
        if (response.hasError()) {
            throw new EvmException("node error: " + response.getError().getMessage());
        }
        return response;
    }

    /** An RPC step that may throw {@link IOException} while the node is unreachable. */
    @FunctionalInterface
    interface Rpc<T> {
        T run() throws IOException;
    }

    /** Runs an RPC, retrying on I/O errors (node down or restarting) until the timeout. */
    static <T> T retry(EvmOptions options, String what, Rpc<T> rpc) {
        long start = System.currentTimeMillis();
        long pause = 50;
        while (true) {
            try {
                return rpc.run();
            } catch (IOException e) {
                if (System.currentTimeMillis() - start > options.timeoutMillis()) {
                    throw new EvmException(what + ": node unreachable for " + options.timeoutMillis() + " ms", e);
                }
                sleep(pause);
                pause = Math.min(1_000, pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvmException("interrupted", e);
        }
    }
}
