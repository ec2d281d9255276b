using ScottPlot;
using SkiaSharp;

namespace Waitinator.Reporter.Output;

/// <summary>One look for every chart: a sans-serif font the machine has (ScottPlot falls back to a serif one otherwise).</summary>
public static class ChartStyle
{
    private static readonly string[] SansFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    private static readonly Lazy<string?> InstalledSans = new(() =>
        SansFonts.FirstOrDefault(name => SKFontManager.Default.FontFamilies.Contains(name, StringComparer.OrdinalIgnoreCase)));

    public static void Apply(Plot plot)
    {
        if (InstalledSans.Value is { } font)
        {
            plot.Font.Set(font);
        }
    }
}
