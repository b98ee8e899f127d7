package io.hms.protocol.model;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import java.util.List;

/** The validators of an epoch, in index order (a justification's bitmap refers to these indices). */
public record ValidatorSet(List<Validator> validators) {
    public ValidatorSet {
        validators = List.copyOf(validators);
        if (validators.isEmpty() || validators.size() > Limits.MAX_VALIDATORS) {
            throw new IllegalArgumentException("validator count out of range: " + validators.size());
        }
    }

    public int size() {
        return validators.size();
    }

    public Validator get(int index) {
        return validators.get(index);
    }

    public int totalSlots() {
        int sum = 0;
        for (Validator v : validators) {
            sum += v.slots();
        }
        return sum;
    }

    public static final Codec<ValidatorSet> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, ValidatorSet set) {
            out.list(set.validators, Validator.CODEC);
        }

        @Override
        public ValidatorSet read(Reader in) throws DecodeException {
            List<Validator> list =
                    in.list("ValidatorSet.validators", Limits.MAX_VALIDATORS, PublicKey.LENGTH + 1, Validator.CODEC);
            if (list.isEmpty()) {
                throw new DecodeException("ValidatorSet.validators", "must not be empty");
            }
            return new ValidatorSet(list);
        }
    };
}
