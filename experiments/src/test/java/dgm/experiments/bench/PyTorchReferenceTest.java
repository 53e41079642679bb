package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTorchReferenceTest {

    @Test
    void theMirrorScriptsOutputIsReadByRowName() {
        String images = "# torch 1.13.0a0 threads 1 GLIBC_TUNABLES x\nbenchmark,dtype,threads,ms_per_op\n"
                + "maf_step/dim=784,float32,1,51.855\nmaf_step/dim=784,wide,float32,1,102.098\n"
                + "vae_step/dim=784,float32,1,12.773\n";
        Map<String, Double> ms = PyTorchReference.parseImages(images,
                List.of("maf_step/dim=784,wide", "vae_step/dim=784", "fgan_step/dim=784"));
        assertEquals(Map.of("maf_step/dim=784,wide", 102.098, "vae_step/dim=784", 12.773), ms,
                "wanted rows only, the wide MAF's comma kept in its name, a row the script did not print left out");
        String steps = "# torch 1.13\nmodel,batch,dtype,step_ms,gemm_alone_ms,ratio\nrealnvp,256,float32,2.250,1.100,2.05\n";
        assertEquals(2.25, PyTorchReference.parseSteps(steps, "realnvp"));
        assertNull(PyTorchReference.parseSteps(steps, "vae"));
        assertEquals("1.13.0a0", PyTorchReference.version(images));
    }

    @Test
    void aPythonWithoutTorchIsRefusedSayingHowToGetOne() {
        InputException e = assertThrows(InputException.class, () -> PyTorchReference.check("/nonexistent/python3"));
        assertTrue(e.getMessage().contains("/nonexistent/python3") && e.getMessage().contains("apt-get install python3-torch"),
                e.getMessage());
    }
}
