package dev.lorabench.app.analysis;

import atlantafx.base.theme.Styles;
import dev.lorabench.app.support.Follow;
import dev.lorabench.train.Misclassified;
import java.util.Locale;
import javafx.beans.property.Property;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** The Misclassified tab: a variant's wrong test images of a class, most confident first. */
public final class GalleryPane {

    public static final int SCALE = 3;

    private GalleryPane() {}

    static BorderPane build(GalleryViewModel vm) {
        ComboBox<Integer> cls = classCombo("galleryClassCombo", vm, vm.classProperty(), "");
        // The confusion matrix's cells set this filter; "any" (null) shows every wrong class.
        ComboBox<Integer> predicted = classCombo("galleryPredictedCombo", vm, vm.predictedProperty(), "any");
        Button any = new Button("", new FontIcon(MaterialDesignC.CLOSE));
        any.setId("galleryAnyPredicted");
        any.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.SMALL);
        any.setTooltip(new Tooltip("Show every wrong class again"));
        any.setOnAction(e -> vm.predictedProperty().set(null));
        any.visibleProperty().bind(vm.predictedProperty().isNotNull());
        any.managedProperty().bind(any.visibleProperty());

        ComboBox<String> variant = AnalysisViews.combo("galleryVariantCombo", vm.variants(), vm.variantProperty());

        ProgressIndicator busy = AnalysisViews.busy(vm.loadingProperty());
        Label note = new Label();
        note.setId("galleryNote");
        note.textProperty().bind(vm.noteProperty());
        HBox bar = AnalysisViews.row(new Label("Class"), cls, new Label("predicted as"), predicted, any,
                new Label("Variant"), variant, busy, note);

        FlowPane tiles = new FlowPane(8, 8);
        tiles.setId("galleryTiles");
        Follow.list(vm.images(), () -> fill(vm, tiles));
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);

        return AnalysisViews.tab("galleryPane", scroll, new VBox(4, bar, AnalysisViews.caption(
                "Click a bar of the class-error chart to open that variant's mistakes on that class, or a cell of "
                        + "the confusion matrix for its images of one true class taken for one other class.")));
    }

    /** A combo box of the run's classes ("n: name") whose choice follows {@code value}; {@code none} while it is null. */
    private static ComboBox<Integer> classCombo(String id, GalleryViewModel vm, Property<Integer> value, String none) {
        ComboBox<Integer> box = new ComboBox<>();
        box.setId(id);
        Runnable classes = () -> {
            java.util.List<Integer> items = new java.util.ArrayList<>();
            for (int c = 0; c < vm.classes().size(); c++) {
                items.add(c);
            }
            box.getItems().setAll(items);
        };
        Follow.list(vm.classes(), classes);
        box.setCellFactory(l -> new ClassCell(vm, ""));
        box.setButtonCell(new ClassCell(vm, none));
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private static void fill(GalleryViewModel vm, FlowPane tiles) {
        tiles.getChildren().clear();
        for (Misclassified m : vm.images()) {
            ImageView view = new ImageView(image(m, SCALE));
            String predicted = m.predicted() < vm.classes().size() ? vm.classes().get(m.predicted())
                    : String.valueOf(m.predicted());
            Label label = new Label(String.format(Locale.ROOT, "→ %s  %.0f%%", predicted, m.confidence() * 100.0));
            label.getStyleClass().add(Styles.TEXT_SMALL);
            Label index = new Label("test #" + m.testIndex());
            index.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            VBox tile = new VBox(2, view, label, index);
            tile.setAlignment(Pos.CENTER);
            tile.getStyleClass().add("gallery-tile");
            tiles.getChildren().add(tile);
        }
    }

    /** The raw pixels (grayscale or interleaved RGB) as an image, each pixel a scale×scale block. */
    static WritableImage image(Misclassified m, int scale) {
        WritableImage image = new WritableImage(m.cols() * scale, m.rows() * scale);
        PixelWriter w = image.getPixelWriter();
        byte[] p = m.pixels();
        for (int y = 0; y < m.rows(); y++) {
            for (int x = 0; x < m.cols(); x++) {
                int argb;
                int i = (y * m.cols() + x) * m.channels();
                if (m.channels() >= 3) {
                    argb = 0xff000000 | (p[i] & 0xff) << 16 | (p[i + 1] & 0xff) << 8 | (p[i + 2] & 0xff);
                } else {
                    int g = p[i] & 0xff;
                    argb = 0xff000000 | g << 16 | g << 8 | g;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        w.setArgb(x * scale + dx, y * scale + dy, argb);
                    }
                }
            }
        }
        return image;
    }

    private static final class ClassCell extends ListCell<Integer> {
        private final GalleryViewModel vm;
        private final String none;

        ClassCell(GalleryViewModel vm, String none) {
            this.vm = vm;
            this.none = none;
        }

        @Override
        protected void updateItem(Integer item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? none
                    : item < vm.classes().size() ? item + ": " + vm.classes().get(item) : String.valueOf(item));
        }
    }
}
