package dev.lorabench.app.support;

/** Dialogs the view-model asks the view to show (Alerts in the app, recorders in tests). */
public interface UserPrompts {

    /** The dataset is not in the cache: offer to fetch it; {@code fetch} starts the fetch. */
    void offerFetch(String dataset, String detail, Runnable fetch);

    /**
     * As {@link #offerFetch(String, String, Runnable)}, and {@code declined} runs when the person
     * says no. Prompts that cannot tell a refusal never run it.
     */
    default void offerFetch(String dataset, String detail, Runnable fetch, Runnable declined) {
        offerFetch(dataset, detail, fetch);
    }

    /** Something failed; one line for a person. */
    void showError(String title, String message);

    /** Something worth a dialog that is not an error (e.g. an adapter folder's contents). */
    default void showInfo(String title, String message) {}

    /** The one line the CLI prints for the same failure ("lorabench: …"); error dialogs show it. */
    static String cliLine(String message) {
        String m = message == null ? "" : message;
        return "lorabench: " + m.lines().findFirst().orElse(m);
    }

    /** Prompts that show nothing. */
    UserPrompts NONE = new UserPrompts() {
        @Override
        public void offerFetch(String dataset, String detail, Runnable fetch) {}

        @Override
        public void showError(String title, String message) {}
    };
}
