package dgm.core.data.toy;
import dgm.core.data.ToyDistribution;
import java.util.*;
public final class Toys { // TEMPORARY STUB, replaced by the toys branch
  public static List<ToyDistribution> all() { return List.of(); }
  public static Optional<ToyDistribution> byId(String id) { return Optional.empty(); }
}
