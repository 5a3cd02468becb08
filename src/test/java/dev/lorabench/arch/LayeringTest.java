package dev.lorabench.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package layers of DEVELOPERS.md, enforced. */
@AnalyzeClasses(packages = "dev.lorabench", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule onlyTheAppUsesJavaFx =
            noClasses().that().resideOutsideOfPackage("dev.lorabench.app..")
                    .should().dependOnClassesThat().resideInAPackage("javafx..")
                    .because("the engine, CLI and reports must run without a toolkit");

    @ArchTest
    static final ArchRule nothingOutsideTheAppUsesTheApp =
            noClasses().that().resideOutsideOfPackage("dev.lorabench.app..")
                    .should().dependOnClassesThat().resideInAPackage("dev.lorabench.app..");

    @ArchTest
    static final ArchRule theAppNeverTouchesTheEngine =
            mayNotUse("dev.lorabench.app..", "ai.djl..", "views work with plain values; NDArrays stay in the engine");

    @ArchTest
    static final ArchRule noJavaDeserialization =
            noClasses().should().dependOnClassesThat().areAssignableTo(java.io.ObjectInputStream.class)
                    .because("files are untrusted input");

    @ArchTest
    static final ArchRule lowerLayersDoNotReachUp =
            noClasses().that().resideInAnyPackage("dev.lorabench.lora..", "dev.lorabench.model..", "dev.lorabench.data..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.lorabench.train..", "dev.lorabench.report..", "dev.lorabench.cli..", "dev.lorabench.plan..")
                    .because("the engine layers sit below plans, training, reports and front ends");

    @ArchTest
    static final ArchRule planValuesStandAlone =
            noClasses().that().resideInAPackage("dev.lorabench.plan..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.lorabench.train..", "dev.lorabench.app..", "dev.lorabench.cli..",
                            "dev.lorabench.report..", "dev.lorabench.analysis..", "ai.djl..", "picocli..", "com.google.gson..")
                    .because("the CLI, the form, run.json and the runner all read plans; a plan knows none of them");

    @ArchTest
    static final ArchRule reportsDoNotDependOnFrontEnds =
            noClasses().that().resideInAnyPackage("dev.lorabench.report..", "dev.lorabench.train..", "dev.lorabench.analysis..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.lorabench.cli..");

    @ArchTest
    static final ArchRule analysisDoesNotUseDjl =
            mayNotUse("dev.lorabench.analysis..", "ai.djl..",
                    "the analysis maths works on plain double arrays (EJML), so it is checked against"
                    + " independent oracles without an engine and the GUI and reports can call it;"
                    + " the engine layers hand it arrays");

    @ArchTest
    static final ArchRule modelDoesNotDependOnLora =
            mayNotUse("dev.lorabench.model..", "dev.lorabench.lora..",
                    "LoRA wraps the layers of any model (lora uses model.TorchInit and the model's"
                    + " ReplaceableChildren containers); a model that knew LoRA would close the cycle");

    @ArchTest
    static final ArchRule ioStandsAlone =
            noClasses().that().resideInAPackage("dev.lorabench.io..")
                    .should().dependOnClassesThat(resideInAPackage("dev.lorabench..")
                            .and(resideOutsideOfPackage("dev.lorabench.io..")))
                    .because("every layer writes files through io (data, interop, report, cli, app);"
                            + " a helper that depended on one of them would drag it into all the others");

    /** Classes in {@code layer} may not depend on classes in {@code used}, because of {@code reason}. */
    private static ArchRule mayNotUse(String layer, String used, String reason) {
        return noClasses().that().resideInAPackage(layer)
                .should().dependOnClassesThat().resideInAPackage(used)
                .because(reason);
    }
}
