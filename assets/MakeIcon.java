// Draws assets/icon.png (256x256). Run: java assets/MakeIcon.java assets/icon.png
// then copy it to src/main/resources/dev/lorabench/app/icon.png (the stage icon).
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class MakeIcon {
    public static void main(String[] a) throws Exception {
        int S = 256;
        BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // background: rounded square, indigo -> teal
        RoundRectangle2D bg = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
        g.setPaint(new GradientPaint(8, 8, new Color(0x3B3F9E), 248, 248, new Color(0x0E9384)));
        g.fill(bg);
        // B: tall thin column (left), A: short wide row (top) -> the low-rank factors
        Color fac = new Color(255, 255, 255, 235);
        g.setColor(fac);
        g.fill(new RoundRectangle2D.Double(40, 92, 30, 124, 12, 12));   // B (d x r)
        g.fill(new RoundRectangle2D.Double(92, 40, 124, 30, 12, 12));   // A (r x k)
        // product area W = B.A : subtle panel
        RoundRectangle2D panel = new RoundRectangle2D.Double(92, 92, 124, 124, 16, 16);
        g.setColor(new Color(255, 255, 255, 46));
        g.fill(panel);
        // multiply dot between the factors
        g.setColor(fac);
        g.fill(new Ellipse2D.Double(72, 72, 14, 14));
        // loss curve inside the product panel
        Path2D curve = new Path2D.Double();
        double x0 = 104, x1 = 204, yTop = 106, yBot = 196;
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            double x = x0 + t * (x1 - x0);
            double loss = 0.12 + 0.88 * Math.exp(-4.2 * t);   // 1 at the start, decaying
            double y = yBot - (yBot - yTop) * loss;
            if (i == 0) curve.moveTo(x, y); else curve.lineTo(x, y);
        }
        g.setStroke(new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0xFFD166));
        g.draw(curve);
        g.dispose();
        ImageIO.write(img, "png", new File(a[0]));
    }
}
