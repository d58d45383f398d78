using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace AutoDiffGen;

/// <summary>
/// Watches per-layer gradient norms during training and flags the pathologies AutoTrainer (Zhang et al., ICSE 2021)
/// detects, with its published thresholds as defaults:
/// <list type="bullet">
/// <item><b>vanishing</b>: <c>‖g_first‖ / ‖g_last‖ &lt; 1e-3</c> and <c>‖g_first‖ &lt; 1e-4</c>;</item>
/// <item><b>exploding</b>: <c>‖g_first‖ / ‖g_last‖ &gt; 70</c>, or any norm NaN or ±∞;</item>
/// <item><b>dying ReLU</b>: in some layer at least 70 % of the gradient entries are exactly 0.</item>
/// </list>
/// Layers are ordered from the input (first) to the output (last). Recording allocates nothing after construction;
/// <see cref="Summary"/> builds a readable report.
/// </summary>
public sealed class GradientHealth
{
    private readonly string[] _names;
    private readonly double[] _lastNorms;
    private readonly double[] _lastZeroFractions;
    private readonly long[] _stepsFlagged = new long[3];
    private readonly int[] _firstStepFlagged = [-1, -1, -1];

    /// <summary>Creates a monitor for <paramref name="layerCount"/> layers with AutoTrainer's thresholds unless given.</summary>
    /// <param name="layerCount">The number of layers whose gradients are recorded (at least 1).</param>
    /// <param name="layerNames">Optional names for the summary (one per layer); defaults to "layer 0", "layer 1", …</param>
    /// <param name="vanishingRatio">Vanishing when first/last norm ratio is below this (default 1e-3)…</param>
    /// <param name="vanishingFirstNorm">…and the first layer's norm is below this (default 1e-4).</param>
    /// <param name="explodingRatio">Exploding when first/last norm ratio is above this (default 70).</param>
    /// <param name="dyingReluZeroFraction">Dying ReLU when a layer's fraction of exactly-zero gradients reaches this (default 0.7).</param>
    public GradientHealth(int layerCount, string[]? layerNames = null, double vanishingRatio = 1e-3, double vanishingFirstNorm = 1e-4,
        double explodingRatio = 70, double dyingReluZeroFraction = 0.7)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        if (layerNames is not null && layerNames.Length != layerCount)
            throw new ArgumentException($"{layerNames.Length} names for {layerCount} layers.", nameof(layerNames));
        LayerCount = layerCount;
        _names = new string[layerCount];
        for (int i = 0; i < layerCount; i++) _names[i] = layerNames?[i] ?? "layer " + i.ToString(CultureInfo.InvariantCulture);
        VanishingRatio = vanishingRatio;
        VanishingFirstNorm = vanishingFirstNorm;
        ExplodingRatio = explodingRatio;
        DyingReluZeroFraction = dyingReluZeroFraction;
        _lastNorms = new double[layerCount];
        _lastZeroFractions = new double[layerCount];
    }

    /// <summary>
    /// Creates a monitor for the gradient of a <c>[Differentiable]</c> model: one layer per parameter field, in the model's
    /// field order (the first field is the "first layer", the last the "last layer"), named after the fields
    /// (<c>W1</c>, <c>Encoder.W</c>, <c>Layers[2].Bias</c>). Record steps with <see cref="RecordGradients{TGradient}(int, TGradient)"/>.
    /// </summary>
    /// <param name="gradient">A gradient of the model's shape (only its shape is read).</param>
    /// <param name="vanishingRatio">Vanishing when first/last norm ratio is below this (default 1e-3)…</param>
    /// <param name="vanishingFirstNorm">…and the first layer's norm is below this (default 1e-4).</param>
    /// <param name="explodingRatio">Exploding when first/last norm ratio is above this (default 70).</param>
    /// <param name="dyingReluZeroFraction">Dying ReLU when a layer's fraction of exactly-zero gradients reaches this (default 0.7).</param>
    public GradientHealth(IModelGradient gradient, double vanishingRatio = 1e-3, double vanishingFirstNorm = 1e-4, double explodingRatio = 70,
        double dyingReluZeroFraction = 0.7)
        : this(FieldNames(gradient), vanishingRatio, vanishingFirstNorm, explodingRatio, dyingReluZeroFraction)
    {
    }

    private GradientHealth(string[] names, double vanishingRatio, double vanishingFirstNorm, double explodingRatio, double dyingReluZeroFraction)
        : this(names.Length, names, vanishingRatio, vanishingFirstNorm, explodingRatio, dyingReluZeroFraction)
    {
    }

    /// <summary>The number of layers.</summary>
    public int LayerCount { get; }

    /// <summary>The layers' names, first layer first (field names for a model's gradient).</summary>
    public IReadOnlyList<string> LayerNames => _names;

    /// <summary>The norm the last recorded step measured for the layer named <paramref name="layerName"/>.</summary>
    /// <param name="layerName">One of <see cref="LayerNames"/>, e.g. a model's field name <c>W1</c>.</param>
    /// <exception cref="ArgumentException">No layer has that name.</exception>
    public double LastNorm(string layerName)
    {
        int index = Array.IndexOf(_names, layerName);
        if (index < 0) throw new ArgumentException($"No layer is named '{layerName}'; the layers are {string.Join(", ", _names)}.", nameof(layerName));
        return _lastNorms[index];
    }

    /// <summary>Vanishing threshold on the first/last norm ratio.</summary>
    public double VanishingRatio { get; }

    /// <summary>Vanishing threshold on the first layer's norm.</summary>
    public double VanishingFirstNorm { get; }

    /// <summary>Exploding threshold on the first/last norm ratio.</summary>
    public double ExplodingRatio { get; }

    /// <summary>Dying-ReLU threshold on a layer's fraction of exactly-zero gradient entries.</summary>
    public double DyingReluZeroFraction { get; }

    /// <summary>How many steps were recorded.</summary>
    public long StepsRecorded { get; private set; }

    /// <summary>The last recorded step number, or −1.</summary>
    public int LastStep { get; private set; } = -1;

    /// <summary>The verdict of the last recorded step.</summary>
    public GradientHealthVerdict LastVerdict { get; private set; }

    /// <summary>Every flag raised at any recorded step.</summary>
    public GradientHealthVerdict AnyVerdict { get; private set; }

    /// <summary>The layer norms of the last recorded step.</summary>
    public ReadOnlySpan<double> LastNorms => _lastNorms;

    /// <summary>The number of recorded steps that raised <paramref name="flag"/> (a single flag).</summary>
    /// <param name="flag"><see cref="GradientHealthVerdict.Vanishing"/>, <see cref="GradientHealthVerdict.Exploding"/> or <see cref="GradientHealthVerdict.DyingRelu"/>.</param>
    public long StepsFlagged(GradientHealthVerdict flag) => _stepsFlagged[FlagIndex(flag)];

    /// <summary>The Euclidean norm <c>‖g‖₂ = √(Σ gᵢ²)</c> of a gradient.</summary>
    /// <param name="gradient">The gradient.</param>
    public static double Norm(ReadOnlySpan<double> gradient) => NormOf(gradient);

    /// <inheritdoc cref="Norm(ReadOnlySpan{double})"/>
    public static double Norm(ReadOnlySpan<float> gradient) => NormOf(gradient);

    // One generic code for both types: Σ g² accumulated in double, float lanes widened (Clipping's kernel).
    private static double NormOf<T>(ReadOnlySpan<T> gradient) where T : IFloatingPointIeee754<T> => Math.Sqrt(Clipping.SumOfSquares(gradient));

    /// <summary>
    /// The global Euclidean norm of the gradient of a <c>[Differentiable]</c> model, <c>√(Σ over every field f of ‖g_f‖₂²)</c>,
    /// accumulated in double. Allocates nothing.
    /// </summary>
    /// <typeparam name="TGradient">The model's gradient type.</typeparam>
    /// <param name="gradient">The gradient.</param>
    public static double Norm<TGradient>(TGradient gradient) where TGradient : IModelGradient
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return Math.Sqrt(Clipping.ModelSumOfSquares(ref gradient));
    }

    /// <summary>The fraction of entries that are exactly zero (0 for an empty gradient).</summary>
    /// <param name="gradient">The gradient.</param>
    public static double ZeroFraction(ReadOnlySpan<double> gradient) => ZeroFractionOf(gradient);

    /// <inheritdoc cref="ZeroFraction(ReadOnlySpan{double})"/>
    public static double ZeroFraction(ReadOnlySpan<float> gradient) => ZeroFractionOf(gradient);

    private static double ZeroFractionOf<T>(ReadOnlySpan<T> gradient) where T : IFloatingPointIeee754<T>
    {
        if (gradient.IsEmpty) return 0;
        int zeros = 0;
        foreach (T g in gradient) if (T.IsZero(g)) zeros++;
        return (double)zeros / gradient.Length;
    }

    /// <summary>
    /// Judges one step from its per-layer norms alone (no dying-ReLU check), without recording it.
    /// </summary>
    /// <param name="layerNorms">One norm per layer, input layer first.</param>
    public GradientHealthVerdict Evaluate(ReadOnlySpan<double> layerNorms) => Evaluate(layerNorms, default);

    /// <summary>
    /// Judges one step from its per-layer norms and, optionally, per-layer fractions of exactly-zero gradient entries,
    /// without recording it.
    /// </summary>
    /// <param name="layerNorms">One norm per layer, input layer first.</param>
    /// <param name="zeroFractions">One fraction per layer, or empty to skip the dying-ReLU check.</param>
    public GradientHealthVerdict Evaluate(ReadOnlySpan<double> layerNorms, ReadOnlySpan<double> zeroFractions)
    {
        if (layerNorms.Length != LayerCount) throw new ArgumentException($"{layerNorms.Length} norms for {LayerCount} layers.", nameof(layerNorms));
        if (!zeroFractions.IsEmpty && zeroFractions.Length != LayerCount)
            throw new ArgumentException($"{zeroFractions.Length} zero fractions for {LayerCount} layers.", nameof(zeroFractions));
        GradientHealthVerdict verdict = GradientHealthVerdict.Healthy;
        bool finite = true;
        foreach (double n in layerNorms) finite &= double.IsFinite(n);
        double first = layerNorms[0], last = layerNorms[^1];
        double ratio = first / last; // 0/0 = NaN compares false: an all-zero gradient is neither vanishing nor exploding by ratio
        if (!finite || ratio > ExplodingRatio) verdict |= GradientHealthVerdict.Exploding;
        if (finite && ratio < VanishingRatio && first < VanishingFirstNorm) verdict |= GradientHealthVerdict.Vanishing;
        foreach (double z in zeroFractions)
        {
            if (z >= DyingReluZeroFraction)
            {
                verdict |= GradientHealthVerdict.DyingRelu;
                break;
            }
        }
        return verdict;
    }

    /// <summary>Records one step from its per-layer gradient norms and returns the verdict.</summary>
    /// <param name="step">The training step number.</param>
    /// <param name="layerNorms">One norm per layer, input layer first.</param>
    public GradientHealthVerdict Record(int step, ReadOnlySpan<double> layerNorms) => Record(step, layerNorms, default);

    /// <summary>Records one step from its per-layer norms and fractions of exactly-zero gradient entries.</summary>
    /// <param name="step">The training step number.</param>
    /// <param name="layerNorms">One norm per layer, input layer first.</param>
    /// <param name="zeroFractions">One fraction per layer (see <see cref="ZeroFraction(ReadOnlySpan{double})"/>), or empty.</param>
    public GradientHealthVerdict Record(int step, ReadOnlySpan<double> layerNorms, ReadOnlySpan<double> zeroFractions)
    {
        GradientHealthVerdict verdict = Evaluate(layerNorms, zeroFractions);
        layerNorms.CopyTo(_lastNorms);
        if (zeroFractions.IsEmpty) Array.Fill(_lastZeroFractions, double.NaN);
        else zeroFractions.CopyTo(_lastZeroFractions);
        Note(step, verdict);
        return verdict;
    }

    /// <summary>
    /// Records one step from the layers' gradient buffers themselves (e.g. <c>[dW1, dW2, dW3]</c>), computing each norm and
    /// zero fraction.
    /// </summary>
    /// <param name="step">The training step number.</param>
    /// <param name="layerGradients">One gradient buffer per layer, input layer first.</param>
    public GradientHealthVerdict RecordGradients(int step, ReadOnlySpan<double[]> layerGradients) => RecordBuffers(step, layerGradients);

    /// <inheritdoc cref="RecordGradients(int, ReadOnlySpan{double[]})"/>
    public GradientHealthVerdict RecordGradients(int step, ReadOnlySpan<float[]> layerGradients) => RecordBuffers(step, layerGradients);

    private GradientHealthVerdict RecordBuffers<T>(int step, ReadOnlySpan<T[]> layerGradients) where T : IFloatingPointIeee754<T>
    {
        if (layerGradients.Length != LayerCount) throw new ArgumentException($"{layerGradients.Length} gradients for {LayerCount} layers.", nameof(layerGradients));
        for (int i = 0; i < LayerCount; i++)
        {
            _lastNorms[i] = NormOf<T>(layerGradients[i]);
            _lastZeroFractions[i] = ZeroFractionOf<T>(layerGradients[i]);
        }
        GradientHealthVerdict verdict = Evaluate(_lastNorms, _lastZeroFractions);
        Note(step, verdict);
        return verdict;
    }

    /// <summary>
    /// Records one step from the gradient of a <c>[Differentiable]</c> model, one layer per parameter field (see
    /// <see cref="GradientHealth(IModelGradient, double, double, double, double)"/>). Allocates nothing.
    /// </summary>
    /// <typeparam name="TGradient">The model's gradient type.</typeparam>
    /// <param name="step">The training step number.</param>
    /// <param name="gradient">The gradient of this step.</param>
    public GradientHealthVerdict RecordGradients<TGradient>(int step, TGradient gradient) where TGradient : IModelGradient
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var visitor = new LayerVisitor(this);
        gradient.VisitGradients(ref visitor);
        if (visitor.Count != LayerCount) throw new ArgumentException($"The gradient has {visitor.Count} fields; this monitor was made for {LayerCount}.", nameof(gradient));
        GradientHealthVerdict verdict = Evaluate(_lastNorms, _lastZeroFractions);
        Note(step, verdict);
        return verdict;
    }

    private static string[] FieldNames(IModelGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return ModelWalk.Names(gradient);
    }

    // Each field's norm and zero fraction into the next layer's slot (fields past the last layer are counted, not stored).
    private struct LayerVisitor(GradientHealth owner) : IGradientVisitor
    {
        public int Count;

        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (Count < owner.LayerCount)
            {
                owner._lastNorms[Count] = NormOf<T>(gradient);
                owner._lastZeroFractions[Count] = ZeroFractionOf<T>(gradient);
            }
            Count++;
        }
    }

    /// <summary>
    /// A multi-line report: the overall verdict, how often and since when each problem occurred, the last step's per-layer
    /// norms (and zero fractions when known), and what to try.
    /// </summary>
    public string Summary()
    {
        var s = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        s.Append(c, $"Gradient health after {StepsRecorded} recorded step(s): {(AnyVerdict == GradientHealthVerdict.Healthy ? "healthy" : AnyVerdict.ToString())}").AppendLine();
        AppendFlag(s, GradientHealthVerdict.Vanishing,
            $"first/last norm ratio < {VanishingRatio.ToString("G3", c)} and first norm < {VanishingFirstNorm.ToString("G3", c)}",
            "try ReLU-family activations, He initialization, normalization layers or residual connections");
        AppendFlag(s, GradientHealthVerdict.Exploding,
            $"first/last norm ratio > {ExplodingRatio.ToString("G3", c)} or a non-finite norm",
            "try gradient clipping (Clipping.ClipByGlobalNorm), a lower learning rate or normalization layers");
        AppendFlag(s, GradientHealthVerdict.DyingRelu,
            $"a layer with >= {(DyingReluZeroFraction * 100).ToString("G3", c)} % exactly-zero gradients",
            "try LeakyRelu/Elu, a lower learning rate or He initialization");
        if (StepsRecorded > 0)
        {
            s.Append(c, $"  last step {LastStep}: {(LastVerdict == GradientHealthVerdict.Healthy ? "healthy" : LastVerdict.ToString())}").AppendLine();
            for (int i = 0; i < LayerCount; i++)
            {
                s.Append(c, $"    {_names[i]}: norm {_lastNorms[i].ToString("G4", c)}");
                if (!double.IsNaN(_lastZeroFractions[i])) s.Append(c, $", zero gradients {(_lastZeroFractions[i] * 100).ToString("F1", c)} %");
                s.AppendLine();
            }
        }
        return s.ToString();
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Reset()
    {
        StepsRecorded = 0;
        LastStep = -1;
        LastVerdict = GradientHealthVerdict.Healthy;
        AnyVerdict = GradientHealthVerdict.Healthy;
        Array.Clear(_lastNorms);
        Array.Clear(_lastZeroFractions);
        Array.Clear(_stepsFlagged);
        Array.Fill(_firstStepFlagged, -1);
    }

    private void Note(int step, GradientHealthVerdict verdict)
    {
        StepsRecorded++;
        LastStep = step;
        LastVerdict = verdict;
        AnyVerdict |= verdict;
        for (int k = 0; k < 3; k++)
        {
            if ((verdict & (GradientHealthVerdict)(1 << k)) == 0) continue;
            _stepsFlagged[k]++;
            if (_firstStepFlagged[k] < 0) _firstStepFlagged[k] = step;
        }
    }

    private void AppendFlag(StringBuilder s, GradientHealthVerdict flag, string rule, string advice)
    {
        int k = FlagIndex(flag);
        if (_stepsFlagged[k] == 0) return;
        CultureInfo c = CultureInfo.InvariantCulture;
        s.Append(c, $"  {flag}: {_stepsFlagged[k]} step(s), first at step {_firstStepFlagged[k]} ({rule}); {advice}").AppendLine();
    }

    private static int FlagIndex(GradientHealthVerdict flag) => flag switch
    {
        GradientHealthVerdict.Vanishing => 0,
        GradientHealthVerdict.Exploding => 1,
        GradientHealthVerdict.DyingRelu => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Pass a single flag: Vanishing, Exploding or DyingRelu."),
    };
}
