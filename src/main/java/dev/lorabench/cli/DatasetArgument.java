package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetSpec;
import picocli.CommandLine.Parameters;

/** The DATASET argument of the {@code data} subcommands that work on one built-in dataset. */
final class DatasetArgument {

    @Parameters(paramLabel = "DATASET", description = "mnist or fashion-mnist")
    String dataset;

    DatasetSpec spec() throws DataException {
        return DatasetSpec.byId(dataset);
    }
}
