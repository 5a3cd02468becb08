package dev.lorabench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The interop layer sits on the engine layers and below training, reports and front ends. */
@AnalyzeClasses(packages = "dev.lorabench", importOptions = ImportOption.DoNotIncludeTests.class)
class InteropLayeringTest {

    @ArchTest
    static final ArchRule interopDoesNotReachUp =
            noClasses().that().resideInAPackage("dev.lorabench.interop..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.lorabench.train..", "dev.lorabench.report..", "dev.lorabench.cli..",
                            "dev.lorabench.app..");

    @ArchTest
    static final ArchRule engineLayersDoNotUseInterop =
            noClasses().that().resideInAnyPackage("dev.lorabench.lora..", "dev.lorabench.model..", "dev.lorabench.data..")
                    .should().dependOnClassesThat().resideInAPackage("dev.lorabench.interop..");

    @ArchTest
    static final ArchRule analysisDoesNotUseInterop =
            noClasses().that().resideInAPackage("dev.lorabench.analysis..")
                    .should().dependOnClassesThat().resideInAPackage("dev.lorabench.interop..")
                    .because("interop reads PEFT folders into analysis values for the adapter algebra;"
                            + " the reverse edge would close a cycle");
}
