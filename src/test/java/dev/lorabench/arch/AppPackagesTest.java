package dev.lorabench.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The GUI's packages (ADR 0014): the shell {@code app} composes the features {@code app.form},
 * {@code app.run} and {@code app.analysis}, which share {@code app.support}.
 */
@AnalyzeClasses(packages = "dev.lorabench", importOptions = ImportOption.DoNotIncludeTests.class)
class AppPackagesTest {

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("dev.lorabench.app.(*)..").should().beFreeOfCycles()
                    .because("a feature can then be read, tested and changed with only the ones below it in mind");

    @ArchTest
    static final ArchRule featuresSitInOneOrder =
            layeredArchitecture().consideringOnlyDependenciesInLayers()
                    .layer("shell").definedBy("dev.lorabench.app")
                    .layer("analysis").definedBy("dev.lorabench.app.analysis..")
                    .layer("run").definedBy("dev.lorabench.app.run..")
                    .layer("form").definedBy("dev.lorabench.app.form..")
                    .layer("support").definedBy("dev.lorabench.app.support..")
                    .whereLayer("shell").mayNotBeAccessedByAnyLayer()
                    .whereLayer("analysis").mayOnlyBeAccessedByLayers("shell")
                    .whereLayer("run").mayOnlyBeAccessedByLayers("shell", "analysis")
                    .whereLayer("form").mayOnlyBeAccessedByLayers("shell", "run", "analysis")
                    .because("the shell wires the features together (a feature using it would be a cycle"
                            + " the slice rule cannot see: the shell is no slice); analyses read finished"
                            + " runs, runs read the form's dataset choice, and background calls and prompts"
                            + " (support) serve everyone and know no one");
}
