package dgm.experiments;

import dgm.core.data.DatasetRegistry;
import dgm.core.data.DatasetSource;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.run.EvalOptions;
import dgm.core.run.Metric;
import dgm.core.run.MetricCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every dataset, model and metric id with a one-line description (and, with --params, their parameters).")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--params", description = "also list each model's and dataset's parameters (for --set)")
    boolean params;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("DATASETS (--dataset ID; parameters with --set data.KEY=VALUE)");
        for (DatasetSource d : DatasetRegistry.standard().all()) {
            out.printf("  %-14s %s%s%n", d.id(), d.builtIn() ? "" : "[needs your files] ", d.description());
            if (params) {
                for (ParamSpec p : d.params()) {
                    out.println("      " + p.describe());
                }
            }
        }
        out.println();
        out.println("MODELS (--model ID; parameters with --set KEY=VALUE)");
        ModelRegistry models = ModelRegistry.load();
        for (ModelSpec m : models.all()) {
            out.printf("  %-14s [%s; %s] %s%n", m.id(), models.family(m.id()), m.capability().label(), m.description());
            if (params) {
                for (ParamSpec p : m.params()) {
                    out.println("      " + p.describe());
                }
            }
        }
        out.println();
        out.println("METRICS (columns of results.csv: dataset,model,seed,metric,value,stderr,kind)");
        for (Metric m : MetricCatalog.standard().all()) {
            out.printf("  %-24s [%s; %s] %s%n", m.id(), m.unit().label(), m.split().label(), m.description());
        }
        out.println();
        out.println("KINDS: exact (computed exactly from the model; test-set means still carry sampling error),");
        out.println("       bound (a bound on the quantity, e.g. an ELBO/IWAE upper bound on the NLL),");
        out.println("       estimate (Monte Carlo or plug-in estimate), measured (time, throughput).");
        if (params) {
            out.println();
            out.println("EVALUATION (--set eval.KEY=VALUE)");
            for (ParamSpec p : EvalOptions.params()) {
                out.println("      " + p.describe());
            }
        }
        return 0;
    }
}
