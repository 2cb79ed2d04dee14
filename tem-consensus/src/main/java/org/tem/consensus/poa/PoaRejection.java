package org.tem.consensus.poa;

/**
 * Why a block was refused by the proof-of-authority rules (see {@link PoaSnapshot#apply}). A
 * rejected block changes no state.
 */
public enum PoaRejection {
    /** The block's signer is not in the signer set of its parent's snapshot. */
    UNAUTHORIZED_SIGNER,
    /**
     * The signer sealed one of the previous {@code floor(N/2)} blocks: a signer may seal at most
     * one of any {@code floor(N/2) + 1} consecutive blocks.
     */
    RECENTLY_SIGNED,
    /** A checkpoint block (number a multiple of the epoch length) carries a vote. */
    VOTE_IN_CHECKPOINT,
    /** A checkpoint block's signer list is not the ascending signer list of its parent's snapshot. */
    CHECKPOINT_SIGNERS_MISMATCH,
    /** A block that is not a checkpoint carries a signer list. */
    SIGNERS_OUTSIDE_CHECKPOINT,
    /** The difficulty is not 2 for the in-turn signer and 1 for any other. */
    WRONG_DIFFICULTY
}
