package dgm.core;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import static org.junit.jupiter.api.Assertions.*;
class Nd4jSmokeTest {
  @Test void loads() {
    long t=System.nanoTime();
    var a = Nd4j.create(new double[][]{{1,2},{3,4}});
    assertEquals(DataType.DOUBLE, a.dataType());
    assertEquals(10.0, a.sumNumber().doubleValue());
    System.out.println("nd4j init ms " + (System.nanoTime()-t)/1e6 + " " + Nd4j.getExecutioner().getEnvironmentInformation());
  }
}
