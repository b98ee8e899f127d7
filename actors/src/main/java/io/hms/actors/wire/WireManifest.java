package io.hms.actors.wire;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerDesk;
import java.util.Optional;

/** The one-letter manifest of each message that crosses nodes. */
final class WireManifest {
    static final String PUSH = "P";
    static final String STAGE = "S";
    static final String ACCEPTED = "K";
    static final String REGISTER = "R";
    static final String PROGRESS = "p";
    static final String FAULTED = "f";
    static final String FINISHED = "d";
    static final String WELCOME = "W";
    static final String ASSIGN = "A";
    static final String ADD_PEER = "a";
    static final String REMOVE_PEER = "r";
    static final String TRUNCATE = "t";
    static final String ABORT = "x";
    static final String BAN = "b";

    private WireManifest() {}

    static Optional<String> of(Object o) {
        String m = null;
        if (o instanceof JobActor.Push) {
            m = PUSH;
        } else if (o instanceof JobActor.Stage) {
            m = STAGE;
        } else if (o instanceof JobActor.Accepted) {
            m = ACCEPTED;
        } else if (o instanceof WorkerDesk.Register) {
            m = REGISTER;
        } else if (o instanceof ClusterEvent.Progress) {
            m = PROGRESS;
        } else if (o instanceof ClusterEvent.PeerFaulted) {
            m = FAULTED;
        } else if (o instanceof ClusterEvent.DownloadFinished) {
            m = FINISHED;
        } else if (o instanceof WorkerActor.Welcome) {
            m = WELCOME;
        } else if (o instanceof WorkerActor.Assign) {
            m = ASSIGN;
        } else if (o instanceof WorkerActor.AddPeer) {
            m = ADD_PEER;
        } else if (o instanceof WorkerActor.RemovePeer) {
            m = REMOVE_PEER;
        } else if (o instanceof WorkerActor.Truncate) {
            m = TRUNCATE;
        } else if (o instanceof WorkerActor.Abort) {
            m = ABORT;
        } else if (o instanceof WorkerActor.Ban) {
            m = BAN;
        }
        return Optional.ofNullable(m);
    }

    static boolean isClusterEvent(String m) {
        return m.equals(PROGRESS) || m.equals(FAULTED) || m.equals(FINISHED);
    }

    static boolean isWorkerCommand(String m) {
        return m.equals(WELCOME)
                || m.equals(ASSIGN)
                || m.equals(ADD_PEER)
                || m.equals(REMOVE_PEER)
                || m.equals(TRUNCATE)
                || m.equals(ABORT)
                || m.equals(BAN);
    }
}
