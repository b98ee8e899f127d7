package io.hms.verifier;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.crypto.Ed25519;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a macro block's justification (SPEC §0): the signers hold at least {@code ⌈2·slots/3⌉}
 * slots of the governing validator set and every signature verifies over {@link
 * Justification#signingMessage}. The cheap structural and slot checks run before any signature,
 * so a hopeless justification costs no curve arithmetic. Stateless and thread-safe.
 */
public final class JustificationVerifier {

  public VerifyResult verify(int network, Hash blockHash, Justification j, ValidatorSet v, Policy p) {
    List<Integer> signers = j.signers();
    List<Signature> signatures = j.signatures();
    if (signers.size() != signatures.size()) {
      return VerifyResult.invalid(
          Fault.MALFORMED_JUSTIFICATION, signers.size() + " signers but " + signatures.size() + " signatures");
    }
    long slots = 0;
    int previous = -1;
    for (int index : signers) {
      if (index <= previous) {
        return VerifyResult.invalid(Fault.MALFORMED_JUSTIFICATION, "signer " + index + " after " + previous);
      }
      if (index >= v.size()) {
        return VerifyResult.invalid(
            Fault.SIGNER_INDEX_OUT_OF_RANGE, "signer " + index + " in a set of " + v.size() + " validators");
      }
      slots += v.get(index).slots();
      previous = index;
    }
    if (slots < p.twoFPlusOne()) {
      return VerifyResult.invalid(
          Fault.INSUFFICIENT_SLOTS, "signers hold " + slots + " slots, " + p.twoFPlusOne() + " needed");
    }
    byte[] message = Justification.signingMessage(network, blockHash);
    for (int i = 0; i < signers.size(); i++) {
      int index = signers.get(i);
      if (!Ed25519.verify(v.get(index).signingKey(), message, signatures.get(i))) {
        return VerifyResult.invalid(Fault.INVALID_SIGNATURE, "signature of validator " + index + " does not verify");
      }
    }
    return VerifyResult.valid();
  }

  /**
   * Signs {@code blockHash} by the validators at {@code signerIndices} (ascending), for block
   * producers and test chains. {@code keysByValidatorIndex.get(i)} is validator {@code i}'s key.
   */
  public static Justification sign(
      int network, Hash blockHash, List<SigningKey> keysByValidatorIndex, int[] signerIndices) {
    byte[] message = Justification.signingMessage(network, blockHash);
    List<Integer> signers = new ArrayList<>(signerIndices.length);
    List<Signature> signatures = new ArrayList<>(signerIndices.length);
    for (int index : signerIndices) {
      signers.add(index);
      signatures.add(keysByValidatorIndex.get(index).sign(message));
    }
    return new Justification(signers, signatures);
  }
}
