package dev.lorabench.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;
import dev.lorabench.report.ChartStyle;
import javafx.application.Application;

/** The two AtlantaFX themes the workbench offers; applying one swaps the user-agent stylesheet. */
public enum AppTheme {
    LIGHT(new PrimerLight(), ChartStyle.LIGHT),
    DARK(new PrimerDark(), ChartStyle.DARK);

    private final Theme theme;
    private final ChartStyle chartStyle;

    AppTheme(Theme theme, ChartStyle chartStyle) {
        this.theme = theme;
        this.chartStyle = chartStyle;
    }

    /** The colours the workbench's charts take in this theme (exports stay light). */
    public ChartStyle chartStyle() {
        return chartStyle;
    }

    /** The stylesheet URL this theme installs as the application's user-agent stylesheet. */
    public String stylesheet() {
        return theme.getUserAgentStylesheet();
    }

    /** Installs this theme for the whole application. Call on the FX application thread. */
    public void apply() {
        Application.setUserAgentStylesheet(stylesheet());
    }

    /** The theme whose stylesheet is installed now, or {@code null} if neither is. */
    public static AppTheme current() {
        String installed = Application.getUserAgentStylesheet();
        for (AppTheme t : values()) {
            if (t.stylesheet().equals(installed)) {
                return t;
            }
        }
        return null;
    }
}
