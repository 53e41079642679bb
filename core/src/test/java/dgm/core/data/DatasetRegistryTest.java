package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dataset registry built from its providers: the standard ids, refusals, and the order of providers. */
class DatasetRegistryTest {

    record Provider(String name, List<DatasetSource> datasets) implements DatasetProvider {
    }

    static Provider csvAs(String name) {
        return new Provider(name, List.of(new CsvDataset()));
    }

    @Test
    void theStandardRegistryFindsCoresDatasetsInTheirOrder() {
        assertEquals(List.of("swissroll", "circles", "rings", "moons", "8gaussians", "pinwheel", "2spirals", "checkerboard", "digits",
                "mnist", "fashion-mnist", "csv"), DatasetRegistry.standard().all().stream().map(DatasetSource::id).toList());
    }

    @Test
    void anUnknownIdIsRefusedNamingTheAllowedOnes() {
        InputException e = assertThrows(InputException.class, () -> DatasetRegistry.standard().source("cifar10"));
        assertEquals("unknown dataset id 'cifar10'; allowed: swissroll, circles, rings, moons, 8gaussians, pinwheel, 2spirals, "
                + "checkerboard, digits, mnist, fashion-mnist, csv", e.getMessage());
    }

    @Test
    void anIdDefinedTwiceIsRefusedNamingTheProviders() {
        IllegalStateException across = assertThrows(IllegalStateException.class,
                () -> new DatasetRegistry(List.of(csvAs("mine"), new CoreDatasets())));
        assertEquals("dataset id 'csv' is defined twice (by dataset provider core and by mine)", across.getMessage());
        IllegalStateException within = assertThrows(IllegalStateException.class,
                () -> new DatasetRegistry(List.of(new Provider("p", List.of(new DigitsDataset(), new DigitsDataset())))));
        assertEquals("dataset id 'digits' is defined twice (by dataset provider p and by p)", within.getMessage());
    }

    @Test
    void providersAreTakenInTheOrderOfTheirNames() {
        DatasetSource digits = new DigitsDataset();
        DatasetRegistry r = new DatasetRegistry(List.of(new Provider("z", List.of(digits)), csvAs("a")));
        assertEquals(List.of("csv", "digits"), r.all().stream().map(DatasetSource::id).toList());
        assertEquals(digits, r.source("digits"));
    }
}
