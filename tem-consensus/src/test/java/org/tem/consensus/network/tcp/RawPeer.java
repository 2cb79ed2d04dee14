package org.tem.consensus.network.tcp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.Status;
import org.tem.ledger.crypto.KeyPair;

/**
 * A peer on a plain blocking socket that speaks the wire format by hand, honestly or not: how
 * the tests play hostile peers.
 */
final class RawPeer implements AutoCloseable {

    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    final KeyPair key;
    final Bytes nonce = Bytes.random(Handshake.NONCE_BYTES);
    Handshake.Hello theirs;
    Bytes sentSignature;

    RawPeer(InetSocketAddress to, KeyPair key) throws IOException {
        this.socket = new Socket(to.getAddress(), to.getPort());
        socket.setSoTimeout((int) org.tem.consensus.network.TransportContract.WAIT_MILLIS);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.key = key;
    }

    /** Reads one frame: its kind, then its body. */
    byte[] readFrame() throws IOException {
        int n = in.readInt();
        byte[] f = new byte[n];
        in.readFully(f);
        return f;
    }

    void frame(byte kind, Bytes body) throws IOException {
        out.writeInt(1 + body.size());
        out.writeByte(kind);
        out.write(body.toArrayUnsafe());
        out.flush();
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the node's hello. */
    Handshake.Hello readHello() throws IOException {
        byte[] f = readFrame();
        if (f[0] != Frames.HELLO) {
            throw new IOException("expected a hello");
        }
        theirs = Handshake.Hello.decode(Bytes.wrap(f, 1, f.length - 1));
        return theirs;
    }

    void sendHello(Bytes publicKey, Bytes challenge, Status status) throws IOException {
        frame(Frames.HELLO, new Handshake.Hello(publicKey, challenge, status).encode());
    }

    /** The signature an honest peer with this key sends after the node's hello. */
    Bytes honestSignature() {
        return Handshake.sign(key, TcpFixture.CHAIN, TcpFixture.GENESIS, theirs.publicKey(), theirs.nonce(), nonce);
    }

    /**
     * Plays an honest handshake (the node's AUTH is left unread). A node that refuses on the
     * hello may close before the signature is written; that write's failure is ignored, and
     * {@link #closedByNode} tells.
     */
    RawPeer handshake() throws IOException {
        readHello();
        sentSignature = honestSignature();
        try {
            sendHello(key.publicKey(), nonce, TcpFixture.status());
            frame(Frames.AUTH, sentSignature);
        } catch (SocketException e) {
            // closed by the node already
        }
        return this;
    }

    /**
     * Plays an honest handshake on another chain than the fixture's (the node's AUTH is left
     * unread).
     *
     * @param chainId the chain id the node runs
     * @param genesis its genesis hash
     * @param status the status to present
     */
    RawPeer handshake(long chainId, org.tem.ledger.crypto.Hash genesis, Status status) throws IOException {
        readHello();
        sentSignature = Handshake.sign(key, chainId, genesis, theirs.publicKey(), theirs.nonce(), nonce);
        try {
            sendHello(key.publicKey(), nonce, status);
            frame(Frames.AUTH, sentSignature);
        } catch (SocketException e) {
            // closed by the node already
        }
        return this;
    }

    /**
     * Reads and discards what the node sends until it closes the connection.
     *
     * @return true if it closed it, false if it was still open after the wait
     */
    boolean closedByNode() {
        try {
            while (true) {
                readFrame();
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
