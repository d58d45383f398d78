using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ScottPlot;

namespace AutoDiffGen.GradientClinic;

/// <summary>One line of a chart: its legend text and its points; non-finite and (on log axes) non-positive points break the line.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values.</param>
/// <param name="Dashed">Draw dashed (e.g. the norm after clipping).</param>
/// <param name="DivergedAt">The step at which the run's loss or gradient became NaN/∞ (training stopped there), or −1;
/// marked with a cross at the last plotted value up to that step.</param>
public sealed record Series(string Label, double[] X, double[] Y, bool Dashed = false, int DivergedAt = -1);

/// <summary>A horizontal reference line (e.g. the clip norm).</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Y">Where it is drawn.</param>
public sealed record ReferenceLine(string Label, double Y);

/// <summary>Renders the clinic's charts as PNGs with ScottPlot.</summary>
public static class Plots
{
    /// <summary>Width of every PNG in pixels.</summary>
    public const int Width = 1100;

    /// <summary>Height of every PNG in pixels.</summary>
    public const int Height = 650;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>
    /// Draws <paramref name="series"/> as lines and saves the chart to <paramref name="path"/>. With
    /// <paramref name="logY"/> the y axis shows powers of ten (values are plotted as log₁₀).
    /// </summary>
    public static void Line(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logY,
        IReadOnlyList<ReferenceLine>? references = null, bool integerX = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title, size: 17);
        plot.XLabel(xLabel, size: 16);
        plot.YLabel(logY ? yLabel + " (log scale)" : yLabel, size: 16);
        var markers = new List<(double X, double Y, Color Color, string Label)>();
        int finiteSeries = 0;
        for (int s = 0; s < series.Count; s++)
        {
            Series line = series[s];
            Color color = Palette[s % Palette.Length];
            bool labelled = false;
            int start = 0;
            double lastPlotted = double.NaN;
            int plottableCount = 0;
            foreach (double y in line.Y) if (Plottable(y, logY)) plottableCount++;
            while (start < line.Y.Length)
            {
                while (start < line.Y.Length && !Plottable(line.Y[start], logY)) start++;
                int end = start;
                while (end < line.Y.Length && Plottable(line.Y[end], logY)) end++;
                if (end > start)
                {
                    var xs = new double[end - start];
                    var ys = new double[end - start];
                    for (int i = start; i < end; i++)
                    {
                        xs[i - start] = line.X[i];
                        ys[i - start] = logY ? Math.Log10(line.Y[i]) : line.Y[i];
                    }
                    var scatter = plot.Add.ScatterLine(xs, ys, color);
                    scatter.LineWidth = line.Dashed ? 2 : 2.5f;
                    if (line.Dashed) scatter.LinePattern = LinePattern.Dashed;
                    if (integerX)
                    {
                        // Few points: distinct marker shapes tell apart lines that lie on top of each other.
                        scatter.MarkerShape = Shapes[s % Shapes.Length];
                        scatter.MarkerSize = 9;
                    }
                    else
                    {
                        // A run with a single finite point (diverged right after it) still shows that point.
                        scatter.MarkerSize = plottableCount == 1 ? 10 : 0;
                    }
                    for (int i = start; i < end; i++)
                        if (line.DivergedAt < 0 || i <= line.DivergedAt) lastPlotted = ys[i - start];
                    if (!labelled)
                    {
                        scatter.LegendText = line.Label;
                        labelled = true;
                    }
                }
                start = end;
            }
            if (!labelled)
            {
                // Nothing plottable (e.g. NaN from the first step): keep the legend entry so the reader sees the run.
                var empty = plot.Add.ScatterLine(Array.Empty<double>(), Array.Empty<double>(), color);
                empty.LegendText = line.Label + " (no finite value)";
            }
            if (line.DivergedAt >= 0 && line.DivergedAt < line.X.Length) markers.Add((line.X[line.DivergedAt], lastPlotted, color, line.Label));
            if (plottableCount > 0) finiteSeries++;
        }
        if (references is not null)
        {
            foreach (ReferenceLine reference in references)
            {
                var h = plot.Add.HorizontalLine(logY ? Math.Log10(reference.Y) : reference.Y);
                h.LineColor = Colors.Black;
                h.LinePattern = LinePattern.Dotted;
                h.LineWidth = 2;
                h.LegendText = reference.Label;
            }
        }
        foreach ((double x, double y, Color color, string label) in markers)
        {
            // Drawn where the line would have continued: at the divergence step, level with the last finite value.
            double at = double.IsNaN(y) ? 0 : y;
            var marker = plot.Add.Marker(x, at, MarkerShape.Eks, size: 18, color);
            marker.MarkerLineWidth = 3;
            marker.LegendText = $"{label}: NaN/∞ at step {x.ToString("0", CultureInfo.InvariantCulture)}, stopped";
        }
        plot.Axes.AutoScale();
        if (logY) UseLogTicks(plot);
        if (integerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
    }

    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle,
        MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond, MarkerShape.FilledTriangleDown, MarkerShape.Cross,
    ];

    private static bool Plottable(double y, bool logY) => double.IsFinite(y) && (!logY || y > 0);

    private static void UseLogTicks(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    private static string PowerOfTen(double exponent)
    {
        int e = (int)Math.Round(exponent);
        return e switch
        {
            0 => "1",
            1 => "10",
            _ => "1e" + e.ToString(CultureInfo.InvariantCulture),
        };
    }
}
