using ScottPlot;
using SkiaSharp;

namespace Waitinator.Reporter.Output;

/// <summary>Saves a chart twice: PNG for the report pages, SVG for print and zoom.</summary>
public static class ChartFiles
{
    public static void Save(Plot plot, string pathWithoutExtension, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pathWithoutExtension)!);
        plot.SavePng(pathWithoutExtension + ".png", width, height);
        plot.SaveSvg(pathWithoutExtension + ".svg", width, height);
    }

    /// <summary>ScottPlot saves a multiplot as PNG only: its SVG is drawn on an SVG canvas the same way.</summary>
    public static void Save(Multiplot multiplot, string pathWithoutExtension, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pathWithoutExtension)!);
        multiplot.SavePng(pathWithoutExtension + ".png", width, height);
        using var file = File.Create(pathWithoutExtension + ".svg");
        // The SVG is complete once the canvas is disposed, before the file is.
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), file))
        {
            multiplot.Render(canvas, new PixelRect(0, width, height, 0));
        }
    }
}
