using System;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="Linear.TriangularMultiply(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> and
/// its derivatives against naive dense references (Q built from the packed layout by its index formula, not by the
/// kernel's running offset) and against central finite differences, at lengths around the kernels' 512-bit, 256-bit and
/// scalar steps. Adjoints accumulate into pre-filled buffers; every combination of empty adjoints and tangents is tried.
/// </summary>
public class TriangularMultiplyTests
{
    public static readonly int[] Lengths = { 0, 1, 2, 3, 7, 8, 9, 12, 16, 17, 31, 64, 65 };

    public static TheoryData<int> Sizes() => new(Lengths);

    // ---- the packed layout and naive references, all in double --------------------------------------------------------

    private static int Packed(int n) => n * (n - 1) / 2;

    /// <summary>Where Q[j, i] (j &gt; i) is stored: column by column, as the op's documentation states.</summary>
    private static int Index(int n, int j, int i) => i * (2 * n - i - 1) / 2 + j - i - 1;

    private static double[] Random(Random rng, int length) => Enumerable.Range(0, length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    private static double[] Copy(double[] a) => (double[])a.Clone();

    /// <summary>The dense lower-triangular matrix; an empty diagonal or strict lower triangle is zero.</summary>
    private static double[,] Dense(int n, double[] diagonal, double[] strictLower)
    {
        var q = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            q[j, j] = diagonal.Length == 0 ? 0 : diagonal[j];
            for (int i = 0; i < j; i++) q[j, i] = strictLower.Length == 0 ? 0 : strictLower[Index(n, j, i)];
        }
        return q;
    }

    /// <summary>Q x and, per element, Σ |Q[j, i] x[i]| (the scale of its rounding error).</summary>
    private static (double[] Value, double[] Scale) Multiply(double[,] q, double[] x)
    {
        int n = x.Length;
        double[] y = new double[n], scale = new double[n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++)
            {
                y[j] += q[j, i] * x[i];
                scale[j] += Math.Abs(q[j, i] * x[i]);
            }
        return (y, scale);
    }

    /// <summary>Qᵀ g and its scale.</summary>
    private static (double[] Value, double[] Scale) MultiplyTransposed(double[,] q, double[] g)
    {
        int n = g.Length;
        double[] r = new double[n], scale = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                r[i] += q[j, i] * g[j];
                scale[i] += Math.Abs(q[j, i] * g[j]);
            }
        return (r, scale);
    }

    /// <summary>The adjoints of Σ g[j]·y[j]: g[j]·x[j], g[j]·x[i] at Q[j, i]'s index, Qᵀ g (values and scales).</summary>
    private static ((double[] V, double[] S) Diagonal, (double[] V, double[] S) StrictLower, (double[] V, double[] S) X) Pullback(
        int n, double[] diagonal, double[] strictLower, double[] x, double[] g)
    {
        double[] dd = new double[n], dl = new double[Packed(n)];
        for (int j = 0; j < n; j++)
        {
            dd[j] = g[j] * x[j];
            for (int i = 0; i < j; i++) dl[Index(n, j, i)] = g[j] * x[i];
        }
        return ((dd, dd.Select(Math.Abs).ToArray()), (dl, dl.Select(Math.Abs).ToArray()), MultiplyTransposed(Dense(n, diagonal, strictLower), g));
    }

    private static (double[] V, double[] S) Plus(double[] prefill, (double[] V, double[] S) term)
        => (prefill.Zip(term.V, (a, b) => a + b).ToArray(), prefill.Zip(term.S, (a, b) => Math.Abs(a) + b).ToArray());

    /// <summary>|actual − expected| ≤ rel · scale per element (scale from the references: the sum of the terms' magnitudes).</summary>
    private static void Close(string what, (double[] V, double[] S) expected, ReadOnlySpan<double> actual, double rel)
    {
        Assert.True(expected.V.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.V.Length}");
        for (int k = 0; k < actual.Length; k++)
        {
            double error = Math.Abs(actual[k] - expected.V[k]), allowed = rel * expected.S[k] + 1e-300;
            Assert.True(error <= allowed, $"{what}[{k}]: expected {expected.V[k]:R}, got {actual[k]:R} (error {error:E2}, allowed {allowed:E2})");
        }
    }

    /// <summary>Finite-difference checks: |analytic − fd| ≤ 1e-6 |fd| + 1e-9.</summary>
    private static void CloseToDifferences(string what, double[] fd, ReadOnlySpan<double> analytic)
    {
        Assert.True(fd.Length == analytic.Length, $"{what}: length {analytic.Length}, expected {fd.Length}");
        for (int k = 0; k < fd.Length; k++) Approx.Equal(fd[k], analytic[k], 1e-6, 1e-9, $"{what}[{k}] vs central differences");
    }

    private static double[] Minus(ReadOnlySpan<double> a, double[] b)
    {
        double[] r = new double[b.Length];
        for (int k = 0; k < b.Length; k++) r[k] = a[k] - b[k];
        return r;
    }

    /// <summary>Central differences of a scalar with respect to every element of <paramref name="parameter"/>, in place.</summary>
    private static double[] Gradient(Func<double> f, double[] parameter, double h = 1e-3)
    {
        double[] g = new double[parameter.Length];
        for (int k = 0; k < parameter.Length; k++)
        {
            double v = parameter[k];
            parameter[k] = v + h;
            double plus = f();
            parameter[k] = v - h;
            double minus = f();
            parameter[k] = v;
            g[k] = (plus - minus) / (2 * h);
        }
        return g;
    }

    /// <summary>Central differences of a vector function along t ↦ f(t), at t = 0.</summary>
    private static double[] Directional(Func<double, double[]> f, double h = 1e-3)
        => f(h).Zip(f(-h), (a, b) => (a - b) / (2 * h)).ToArray();

    private static double[] Along(double[] p, double t, double[] v) => v.Length == 0 ? p : p.Zip(v, (a, b) => a + t * b).ToArray();

    private static double[] Product(double[] diagonal, double[] strictLower, double[] x)
    {
        double[] y = new double[x.Length];
        Linear.TriangularMultiply(diagonal, strictLower, x, y);
        return y;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();

    private static Span<double> Maybe(double[] a, bool empty) => empty ? Span<double>.Empty : a;

    // ---- the layout itself ----------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_reference_index_formula_maps_the_strict_lower_triangle_onto_the_packed_span(int n)
    {
        // Every packed index is hit exactly once, and columns are contiguous: Q[i+1, i] follows Q[n-1, i-1].
        var hits = new int[Packed(n)];
        int expected = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                Assert.Equal(expected++, Index(n, j, i));
                hits[Index(n, j, i)]++;
            }
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    // ---- forward --------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_matches_the_dense_reference(int n)
    {
        var rng = new Random(100 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n);
        var expected = Multiply(Dense(n, diagonal, strictLower), x);

        double[] y = Random(rng, n); // overwritten, not added to
        Linear.TriangularMultiply(diagonal, strictLower, x, y);
        Close("y", expected, y, 1e-13);

        double[] yGeneric = Random(rng, n);
        Linear.TriangularMultiply<double>(diagonal, strictLower, x, yGeneric);
        Close("y (generic)", expected, yGeneric, 1e-13);

        // The strict triangle alone (a zero diagonal): y[j] = Σ_{i<j} Q[j, i] x[i].
        double[] zeroDiagonal = new double[n], y0 = Random(rng, n);
        Linear.TriangularMultiply(zeroDiagonal, strictLower, x, y0);
        Close("y (zero diagonal)", Multiply(Dense(n, zeroDiagonal, strictLower), x), y0, 1e-13);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_forward_matches_the_dense_reference_in_double(int n)
    {
        var rng = new Random(200 + n);
        float[] diagonal = Random(rng, n).Select(v => (float)v).ToArray(), strictLower = Random(rng, Packed(n)).Select(v => (float)v).ToArray();
        float[] x = Random(rng, n).Select(v => (float)v).ToArray(), y = new float[n];
        Linear.TriangularMultiply(diagonal, strictLower, x, y);
        var expected = Multiply(Dense(n, Widen(diagonal), Widen(strictLower)), Widen(x));
        Close("y (float)", expected, Widen(y), 1e-5);
    }

    /// <summary>A type the vector kernels do not handle natively (64-bit NFloat): the scalar loops, to double precision.</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Generic_scalar_path_matches_the_references(int n)
    {
        Assert.Equal(8, NFloat.Size);
        var rng = new Random(300 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n), dY = Random(rng, n);
        double[] vDiagonal = Random(rng, n), vStrictLower = Random(rng, Packed(n)), vX = Random(rng, n), vDY = Random(rng, n);
        double[] dd0 = Random(rng, n), dl0 = Random(rng, Packed(n)), dx0 = Random(rng, n);
        double[,] q = Dense(n, diagonal, strictLower);
        var pullback = Pullback(n, diagonal, strictLower, x, dY);

        NFloat[] y = new NFloat[n];
        Linear.TriangularMultiply<NFloat>(N(diagonal), N(strictLower), N(x), y);
        Close("y (NFloat)", Multiply(q, x), Widen(y), 1e-13);

        NFloat[] dd = N(dd0), dl = N(dl0), dx = N(dx0);
        Linear.TriangularMultiplyBackwardFromOutputs<NFloat>(N(diagonal), N(strictLower), N(x), y, N(dY), dd, dl, dx);
        Close("dDiagonal (NFloat)", Plus(dd0, pullback.Diagonal), Widen(dd), 1e-13);
        Close("dStrictLower (NFloat)", Plus(dl0, pullback.StrictLower), Widen(dl), 1e-13);
        Close("dX (NFloat)", Plus(dx0, pullback.X), Widen(dx), 1e-13);

        // Only one of the two adjoints of the column loop at a time.
        dd = N(dd0); dl = N(dl0); dx = N(dx0);
        Linear.TriangularMultiplyBackward<NFloat>(N(diagonal), N(strictLower), N(x), y, N(dY), dd, dl, Span<NFloat>.Empty);
        Linear.TriangularMultiplyBackward<NFloat>(N(diagonal), N(strictLower), N(x), y, N(dY), Span<NFloat>.Empty, Span<NFloat>.Empty, dx);
        Close("dStrictLower alone (NFloat)", Plus(dl0, pullback.StrictLower), Widen(dl), 1e-13);
        Close("dX alone (NFloat)", Plus(dx0, pullback.X), Widen(dx), 1e-13);

        NFloat[] dYt = new NFloat[n];
        Linear.TriangularMultiplyTangent<NFloat>(N(diagonal), N(strictLower), N(x), y, N(vDiagonal), N(vStrictLower), N(vX), dYt);
        Close("tangent (NFloat)", TangentReference(n, diagonal, strictLower, x, vDiagonal, vStrictLower, vX), Widen(dYt), 1e-13);

        NFloat[] hvd = new NFloat[n], hvl = new NFloat[Packed(n)], hvx = new NFloat[n], vY = new NFloat[n];
        dd = new NFloat[n]; dl = new NFloat[Packed(n)]; dx = new NFloat[n];
        Linear.TriangularMultiplyBackwardTangent<NFloat>(N(diagonal), N(strictLower), N(x), y, N(dY), dd, dl, dx,
            N(vDiagonal), N(vStrictLower), N(vX), N(vDY), hvd, hvl, hvx, vY);
        var hv = HvReference(n, diagonal, strictLower, x, dY, vDiagonal, vStrictLower, vX, vDY);
        Close("hvDiagonal (NFloat)", hv.Diagonal, Widen(hvd), 1e-13);
        Close("hvStrictLower (NFloat)", hv.StrictLower, Widen(hvl), 1e-13);
        Close("hvX (NFloat)", hv.X, Widen(hvx), 1e-13);
        Close("vY (NFloat)", TangentReference(n, diagonal, strictLower, x, vDiagonal, vStrictLower, vX), Widen(vY), 1e-13);
    }

    private static NFloat[] N(double[] a) => a.Select(v => (NFloat)v).ToArray();

    private static double[] Widen<T>(T[] a) where T : IFloatingPointIeee754<T> => a.Select(double.CreateTruncating).ToArray();

    /// <summary>vQ x + Q vX, from the dense matrices (an empty tangent is zero).</summary>
    private static (double[] V, double[] S) TangentReference(int n, double[] diagonal, double[] strictLower, double[] x,
        double[] vDiagonal, double[] vStrictLower, double[] vX)
    {
        var a = Multiply(Dense(n, vDiagonal, vStrictLower), x);
        var b = vX.Length == 0 ? (new double[n], new double[n]) : Multiply(Dense(n, diagonal, strictLower), vX);
        return (a.Value.Zip(b.Item1, (u, v) => u + v).ToArray(), a.Scale.Zip(b.Item2, (u, v) => u + v).ToArray());
    }

    /// <summary>
    /// The derivative of the pullback's three outputs along (vQ, vX, vDY), written out from the pullback's formulas:
    /// vDY[j]·x[j] + dY[j]·vX[j], vDY[j]·x[i] + dY[j]·vX[i], Qᵀ vDY + vQᵀ dY.
    /// </summary>
    private static ((double[] V, double[] S) Diagonal, (double[] V, double[] S) StrictLower, (double[] V, double[] S) X) HvReference(
        int n, double[] diagonal, double[] strictLower, double[] x, double[] dY, double[] vDiagonal, double[] vStrictLower, double[] vX, double[] vDY)
    {
        double[] zero = new double[n];
        double[] vdy = vDY.Length == 0 ? zero : vDY, vx = vX.Length == 0 ? zero : vX;
        var fromVDY = Pullback(n, diagonal, strictLower, x, vdy);
        var fromVX = Pullback(n, diagonal, strictLower, vx, dY);
        var fromVQ = MultiplyTransposed(Dense(n, vDiagonal, vStrictLower), dY);
        (double[] V, double[] S) Sum((double[] V, double[] S) a, (double[] V, double[] S) b)
            => (a.V.Zip(b.V, (u, v) => u + v).ToArray(), a.S.Zip(b.S, (u, v) => u + v).ToArray());
        return (Sum(fromVDY.Diagonal, fromVX.Diagonal), Sum(fromVDY.StrictLower, fromVX.StrictLower), Sum(fromVDY.X, fromVQ));
    }

    // ---- reverse --------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Pullbacks_accumulate_the_transposed_products_and_match_finite_differences(int n)
    {
        var rng = new Random(400 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n), dY = Random(rng, n);
        double[] dd0 = Random(rng, n), dl0 = Random(rng, Packed(n)), dx0 = Random(rng, n);
        var reference = Pullback(n, diagonal, strictLower, x, dY);
        var yReference = Multiply(Dense(n, diagonal, strictLower), x);

        // L = Σ dY[j]·y[j] through the op's forward, differenced in each of its three inputs.
        double L() => Dot(dY, Product(diagonal, strictLower, x));
        double[] fdDiagonal = Gradient(L, diagonal), fdStrictLower = Gradient(L, strictLower), fdX = Gradient(L, x);

        for (int fromOutputs = 0; fromOutputs < 2; fromOutputs++)
        {
            string name = fromOutputs == 1 ? "BackwardFromOutputs" : "Backward";
            double[] dd = Copy(dd0), dl = Copy(dl0), dx = Copy(dx0), y = Random(rng, n);
            if (fromOutputs == 1)
            {
                y = Copy(yReference.Value);
                Linear.TriangularMultiplyBackwardFromOutputs(diagonal, strictLower, x, y, dY, dd, dl, dx);
                Assert.Equal(yReference.Value, y); // read-only: still the product
            }
            else
            {
                Linear.TriangularMultiplyBackward(diagonal, strictLower, x, y, dY, dd, dl, dx);
                Close($"{name}: y", yReference, y, 1e-13);
            }
            Close($"{name}: dDiagonal", Plus(dd0, reference.Diagonal), dd, 1e-13);
            Close($"{name}: dStrictLower", Plus(dl0, reference.StrictLower), dl, 1e-13);
            Close($"{name}: dX", Plus(dx0, reference.X), dx, 1e-13);
            CloseToDifferences($"{name}: dDiagonal", fdDiagonal, Minus(dd, dd0));
            CloseToDifferences($"{name}: dStrictLower", fdStrictLower, Minus(dl, dl0));
            CloseToDifferences($"{name}: dX", fdX, Minus(dx, dx0));
        }

        // The generic overload computes the same.
        double[] gdd = Copy(dd0), gdl = Copy(dl0), gdx = Copy(dx0), gy = new double[n];
        Linear.TriangularMultiplyBackward<double>(diagonal, strictLower, x, gy, dY, gdd, gdl, gdx);
        Close("generic Backward: y", yReference, gy, 1e-13);
        Close("generic Backward: dDiagonal", Plus(dd0, reference.Diagonal), gdd, 1e-13);
        Close("generic Backward: dStrictLower", Plus(dl0, reference.StrictLower), gdl, 1e-13);
        Close("generic Backward: dX", Plus(dx0, reference.X), gdx, 1e-13);
    }

    /// <summary>
    /// Every subset of (dDiagonal, dStrictLower, dX) empty: the others still accumulate exactly their part. This reaches the
    /// column loop's three paths (both adjoints, dStrictLower alone, dX alone) and its early return (neither).
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Empty_adjoints_are_skipped_and_the_others_still_accumulate(int n)
    {
        var rng = new Random(500 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n), dY = Random(rng, n);
        var reference = Pullback(n, diagonal, strictLower, x, dY);
        var yReference = Multiply(Dense(n, diagonal, strictLower), x);
        for (int mask = 0; mask < 8; mask++)
        {
            bool noDiagonal = (mask & 1) != 0, noLower = (mask & 2) != 0, noX = (mask & 4) != 0;
            for (int fromOutputs = 0; fromOutputs < 2; fromOutputs++)
            {
                string what = $"{(fromOutputs == 1 ? "BackwardFromOutputs" : "Backward")} with{(noDiagonal ? " dDiagonal" : "")}{(noLower ? " dStrictLower" : "")}{(noX ? " dX" : "")} empty";
                double[] dd0 = Random(rng, n), dl0 = Random(rng, Packed(n)), dx0 = Random(rng, n);
                double[] dd = Copy(dd0), dl = Copy(dl0), dx = Copy(dx0), y = new double[n];
                if (fromOutputs == 1)
                    Linear.TriangularMultiplyBackwardFromOutputs(diagonal, strictLower, x, yReference.Value, dY, Maybe(dd, noDiagonal), Maybe(dl, noLower), Maybe(dx, noX));
                else
                {
                    Linear.TriangularMultiplyBackward(diagonal, strictLower, x, y, dY, Maybe(dd, noDiagonal), Maybe(dl, noLower), Maybe(dx, noX));
                    Close($"{what}: y", yReference, y, 1e-13);
                }
                // A skipped adjoint's buffer (passed as empty) is untouched; the others hold prefill + their part.
                if (noDiagonal) Assert.Equal(dd0, dd); else Close($"{what}: dDiagonal", Plus(dd0, reference.Diagonal), dd, 1e-13);
                if (noLower) Assert.Equal(dl0, dl); else Close($"{what}: dStrictLower", Plus(dl0, reference.StrictLower), dl, 1e-13);
                if (noX) Assert.Equal(dx0, dx); else Close($"{what}: dX", Plus(dx0, reference.X), dx, 1e-13);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_pullbacks_match_the_references_in_double(int n)
    {
        var rng = new Random(600 + n);
        float[] F(int length) => Random(rng, length).Select(v => (float)v).ToArray();
        float[] diagonal = F(n), strictLower = F(Packed(n)), x = F(n), dY = F(n);
        var reference = Pullback(n, Widen(diagonal), Widen(strictLower), Widen(x), Widen(dY));
        var yReference = Multiply(Dense(n, Widen(diagonal), Widen(strictLower)), Widen(x));
        for (int mask = 0; mask < 8; mask++)
        {
            bool noDiagonal = (mask & 1) != 0, noLower = (mask & 2) != 0, noX = (mask & 4) != 0;
            for (int fromOutputs = 0; fromOutputs < 2; fromOutputs++)
            {
                string what = $"float {(fromOutputs == 1 ? "BackwardFromOutputs" : "Backward")}, mask {mask}";
                float[] dd0 = F(n), dl0 = F(Packed(n)), dx0 = F(n);
                float[] dd = (float[])dd0.Clone(), dl = (float[])dl0.Clone(), dx = (float[])dx0.Clone(), y = new float[n];
                Span<float> sdd = noDiagonal ? Span<float>.Empty : dd, sdl = noLower ? Span<float>.Empty : dl, sdx = noX ? Span<float>.Empty : dx;
                if (fromOutputs == 1)
                {
                    float[] yIn = yReference.Value.Select(v => (float)v).ToArray();
                    Linear.TriangularMultiplyBackwardFromOutputs(diagonal, strictLower, x, yIn, dY, sdd, sdl, sdx);
                }
                else
                {
                    Linear.TriangularMultiplyBackward(diagonal, strictLower, x, y, dY, sdd, sdl, sdx);
                    Close($"{what}: y", yReference, Widen(y), 1e-5);
                }
                if (noDiagonal) Assert.Equal(dd0, dd); else Close($"{what}: dDiagonal", Plus(Widen(dd0), reference.Diagonal), Widen(dd), 1e-5);
                if (noLower) Assert.Equal(dl0, dl); else Close($"{what}: dStrictLower", Plus(Widen(dl0), reference.StrictLower), Widen(dl), 1e-5);
                if (noX) Assert.Equal(dx0, dx); else Close($"{what}: dX", Plus(Widen(dx0), reference.X), Widen(dx), 1e-5);
            }
        }
    }

    // ---- forward mode ---------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Tangent_is_the_directional_derivative_with_any_tangent_empty(int n)
    {
        var rng = new Random(700 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n);
        var yReference = Multiply(Dense(n, diagonal, strictLower), x);
        for (int mask = 0; mask < 8; mask++)
        {
            bool noDiagonal = (mask & 1) != 0, noLower = (mask & 2) != 0, noX = (mask & 4) != 0;
            string what = $"Tangent with{(noDiagonal ? " dDiagonal" : "")}{(noLower ? " dStrictLower" : "")}{(noX ? " dX" : "")} empty";
            double[] vd = noDiagonal ? [] : Random(rng, n), vl = noLower ? [] : Random(rng, Packed(n)), vx = noX ? [] : Random(rng, n);
            double[] fd = Directional(t => Product(Along(diagonal, t, vd), Along(strictLower, t, vl), Along(x, t, vx)));

            double[] y = Random(rng, n), dY = Random(rng, n); // both overwritten
            Linear.TriangularMultiplyTangent(diagonal, strictLower, x, y, vd, vl, vx, dY);
            Close($"{what}: y", yReference, y, 1e-13);
            CloseToDifferences($"{what}: dY", fd, dY);
            Close($"{what}: dY", TangentReference(n, diagonal, strictLower, x, vd, vl, vx), dY, 1e-13);
            if (mask == 7) Assert.All(dY, v => Assert.Equal(0.0, v));

            // Float, against the double reference of the rounded inputs.
            float[] F(double[] a) => a.Select(v => (float)v).ToArray();
            float[] fdiag = F(diagonal), flower = F(strictLower), fx = F(x), fvd = F(vd), fvl = F(vl), fvx = F(vx);
            float[] fy = new float[n], fdY = F(Random(rng, n));
            Linear.TriangularMultiplyTangent(fdiag, flower, fx, fy, fvd, fvl, fvx, fdY);
            Close($"float {what}: dY", TangentReference(n, Widen(fdiag), Widen(flower), Widen(fx), Widen(fvd), Widen(fvl), Widen(fvx)), Widen(fdY), 1e-5);
        }

        // An empty dY is not written (and not checked against n): y is still the product.
        double[] yOnly = new double[n];
        Linear.TriangularMultiplyTangent(diagonal, strictLower, x, yOnly, Random(rng, n), Random(rng, Packed(n)), Random(rng, n), Span<double>.Empty);
        Close("Tangent with dY empty: y", yReference, yOnly, 1e-13);
    }

    // ---- forward over reverse -------------------------------------------------------------------------------------------

    /// <summary>Which of BackwardTangent's outputs are passed empty.</summary>
    [Flags]
    public enum Outputs { None = 0, DDiagonal = 1, DStrictLower = 2, DX = 4, HvDiagonal = 8, HvStrictLower = 16, HvX = 32, VY = 64 }

    private static readonly Outputs[] EmptyOutputs =
    {
        Outputs.None, Outputs.HvX, Outputs.HvDiagonal, Outputs.HvStrictLower, Outputs.HvDiagonal | Outputs.HvStrictLower,
        Outputs.HvDiagonal | Outputs.HvStrictLower | Outputs.HvX | Outputs.VY, Outputs.VY,
        Outputs.DDiagonal | Outputs.DStrictLower | Outputs.DX, Outputs.DX | Outputs.HvDiagonal, Outputs.DStrictLower | Outputs.HvX,
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardTangent_differentiates_the_pullback_along_the_direction(int n)
    {
        var rng = new Random(800 + n);
        double[] diagonal = Random(rng, n), strictLower = Random(rng, Packed(n)), x = Random(rng, n), dY = Random(rng, n);
        var yReference = Multiply(Dense(n, diagonal, strictLower), x);
        var pullback = Pullback(n, diagonal, strictLower, x, dY);
        // The pullback's outputs (fresh buffers), as produced by the op's own Backward.
        (double[] D, double[] L, double[] X) Pull(double[] d, double[] l, double[] xx, double[] g)
        {
            double[] rd = new double[n], rl = new double[Packed(n)], rx = new double[n], y = new double[n];
            Linear.TriangularMultiplyBackward(d, l, xx, y, g, rd, rl, rx);
            return (rd, rl, rx);
        }
        // Direction components empty: bit 0 vDiagonal, 1 vStrictLower, 2 vX, 3 vDY (all 16 combinations).
        for (int vMask = 0; vMask < 16; vMask++)
        {
            bool noVd = (vMask & 1) != 0, noVl = (vMask & 2) != 0, noVx = (vMask & 4) != 0, noVdy = (vMask & 8) != 0;
            double[] vd = noVd ? [] : Random(rng, n), vl = noVl ? [] : Random(rng, Packed(n)), vx = noVx ? [] : Random(rng, n), vdy = noVdy ? [] : Random(rng, n);
            double[] fdD = Directional(t => Pull(Along(diagonal, t, vd), Along(strictLower, t, vl), Along(x, t, vx), Along(dY, t, vdy)).D);
            double[] fdL = Directional(t => Pull(Along(diagonal, t, vd), Along(strictLower, t, vl), Along(x, t, vx), Along(dY, t, vdy)).L);
            double[] fdX = Directional(t => Pull(Along(diagonal, t, vd), Along(strictLower, t, vl), Along(x, t, vx), Along(dY, t, vdy)).X);
            double[] fdY = Directional(t => Product(Along(diagonal, t, vd), Along(strictLower, t, vl), Along(x, t, vx)));
            var hv = HvReference(n, diagonal, strictLower, x, dY, vd, vl, vx, vdy);
            var tangent = TangentReference(n, diagonal, strictLower, x, vd, vl, vx);

            foreach (Outputs empty in EmptyOutputs)
            {
                string what = $"BackwardTangent, direction mask {vMask}, empty outputs {empty}";
                double[] dd0 = Random(rng, n), dl0 = Random(rng, Packed(n)), dx0 = Random(rng, n);
                double[] hd0 = Random(rng, n), hl0 = Random(rng, Packed(n)), hx0 = Random(rng, n);
                double[] dd = Copy(dd0), dl = Copy(dl0), dx = Copy(dx0), hd = Copy(hd0), hl = Copy(hl0), hx = Copy(hx0);
                double[] y = Random(rng, n), vY = Random(rng, n), vY0 = Copy(vY);
                Linear.TriangularMultiplyBackwardTangent(diagonal, strictLower, x, y, dY,
                    Maybe(dd, empty.HasFlag(Outputs.DDiagonal)), Maybe(dl, empty.HasFlag(Outputs.DStrictLower)), Maybe(dx, empty.HasFlag(Outputs.DX)),
                    vd, vl, vx, vdy,
                    Maybe(hd, empty.HasFlag(Outputs.HvDiagonal)), Maybe(hl, empty.HasFlag(Outputs.HvStrictLower)), Maybe(hx, empty.HasFlag(Outputs.HvX)),
                    Maybe(vY, empty.HasFlag(Outputs.VY)));

                Close($"{what}: y", yReference, y, 1e-13);
                if (empty.HasFlag(Outputs.DDiagonal)) Assert.Equal(dd0, dd); else Close($"{what}: dDiagonal", Plus(dd0, pullback.Diagonal), dd, 1e-13);
                if (empty.HasFlag(Outputs.DStrictLower)) Assert.Equal(dl0, dl); else Close($"{what}: dStrictLower", Plus(dl0, pullback.StrictLower), dl, 1e-13);
                if (empty.HasFlag(Outputs.DX)) Assert.Equal(dx0, dx); else Close($"{what}: dX", Plus(dx0, pullback.X), dx, 1e-13);
                if (empty.HasFlag(Outputs.HvDiagonal)) Assert.Equal(hd0, hd);
                else
                {
                    CloseToDifferences($"{what}: hvDiagonal", fdD, Minus(hd, hd0));
                    Close($"{what}: hvDiagonal", Plus(hd0, hv.Diagonal), hd, 1e-13);
                }
                if (empty.HasFlag(Outputs.HvStrictLower)) Assert.Equal(hl0, hl);
                else
                {
                    CloseToDifferences($"{what}: hvStrictLower", fdL, Minus(hl, hl0));
                    Close($"{what}: hvStrictLower", Plus(hl0, hv.StrictLower), hl, 1e-13);
                }
                if (empty.HasFlag(Outputs.HvX)) Assert.Equal(hx0, hx);
                else
                {
                    CloseToDifferences($"{what}: hvX", fdX, Minus(hx, hx0));
                    Close($"{what}: hvX", Plus(hx0, hv.X), hx, 1e-13);
                }
                if (empty.HasFlag(Outputs.VY)) Assert.Equal(vY0, vY);
                else
                {
                    CloseToDifferences($"{what}: vY", fdY, vY);
                    Close($"{what}: vY", tangent, vY, 1e-13);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_BackwardTangent_matches_the_references_in_double(int n)
    {
        var rng = new Random(900 + n);
        float[] F(int length) => Random(rng, length).Select(v => (float)v).ToArray();
        float[] diagonal = F(n), strictLower = F(Packed(n)), x = F(n), dY = F(n), vd = F(n), vl = F(Packed(n)), vx = F(n), vdy = F(n);
        float[] dd0 = F(n), dl0 = F(Packed(n)), dx0 = F(n), hd0 = F(n), hl0 = F(Packed(n)), hx0 = F(n);
        float[] dd = (float[])dd0.Clone(), dl = (float[])dl0.Clone(), dx = (float[])dx0.Clone(), hd = (float[])hd0.Clone(), hl = (float[])hl0.Clone(), hx = (float[])hx0.Clone();
        float[] y = new float[n], vY = new float[n];
        Linear.TriangularMultiplyBackwardTangent(diagonal, strictLower, x, y, dY, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vY);
        double[] D(float[] a) => Widen(a);
        var pullback = Pullback(n, D(diagonal), D(strictLower), D(x), D(dY));
        var hv = HvReference(n, D(diagonal), D(strictLower), D(x), D(dY), D(vd), D(vl), D(vx), D(vdy));
        Close("float y", Multiply(Dense(n, D(diagonal), D(strictLower)), D(x)), D(y), 1e-5);
        Close("float dDiagonal", Plus(D(dd0), pullback.Diagonal), D(dd), 1e-5);
        Close("float dStrictLower", Plus(D(dl0), pullback.StrictLower), D(dl), 1e-5);
        Close("float dX", Plus(D(dx0), pullback.X), D(dx), 1e-5);
        Close("float hvDiagonal", Plus(D(hd0), hv.Diagonal), D(hd), 1e-5);
        Close("float hvStrictLower", Plus(D(hl0), hv.StrictLower), D(hl), 1e-5);
        Close("float hvX", Plus(D(hx0), hv.X), D(hx), 1e-5);
        Close("float vY", TangentReference(n, D(diagonal), D(strictLower), D(x), D(vd), D(vl), D(vx)), D(vY), 1e-5);
    }

    // ---- argument checks ------------------------------------------------------------------------------------------------

    private static void Throws(string parameter, Action call)
    {
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message);
    }

    [Fact]
    public void Wrong_lengths_throw_naming_the_parameter()
    {
        const int n = 5, m = 10;
        double[] d = new double[n], l = new double[m], x = new double[n], y = new double[n], g = new double[n];
        double[] dd = new double[n], dl = new double[m], dx = new double[n];
        double[] shortN = new double[n - 1], longN = new double[n + 1], shortM = new double[m - 1];

        Throws("diagonal", () => Linear.TriangularMultiply(shortN, l, x, y));
        Throws("strictLower", () => Linear.TriangularMultiply(d, shortM, x, y));
        Throws("strictLower", () => Linear.TriangularMultiply(d, new double[m + n], x, y)); // a full triangle is not the strict one
        Throws("y", () => Linear.TriangularMultiply(d, l, x, longN));
        Throws("diagonal", () => Linear.TriangularMultiply(d, l, shortN, shortN)); // x sets n
        Throws("diagonal", () => Linear.TriangularMultiply<float>(new float[n - 1], new float[m], new float[n], new float[n]));

        // Backward and BackwardFromOutputs: the forward's shapes, then the adjoints' (an empty one is allowed).
        Throws("diagonal", () => Linear.TriangularMultiplyBackward(shortN, l, x, y, g, dd, dl, dx));
        Throws("strictLower", () => Linear.TriangularMultiplyBackward(d, shortM, x, y, g, dd, dl, dx));
        Throws("y", () => Linear.TriangularMultiplyBackward(d, l, x, shortN, g, dd, dl, dx));
        Throws("dY", () => Linear.TriangularMultiplyBackward(d, l, x, y, shortN, dd, dl, dx));
        Throws("dY", () => Linear.TriangularMultiplyBackward(d, l, x, y, Span<double>.Empty, dd, dl, dx));
        Throws("dDiagonal", () => Linear.TriangularMultiplyBackward(d, l, x, y, g, longN, dl, dx));
        Throws("dStrictLower", () => Linear.TriangularMultiplyBackward(d, l, x, y, g, dd, shortM, dx));
        Throws("dX", () => Linear.TriangularMultiplyBackward(d, l, x, y, g, dd, dl, shortN));
        Throws("dX", () => Linear.TriangularMultiplyBackward(new float[n], new float[m], new float[n], new float[n], new float[n], new float[n], new float[m], new float[n + 1]));
        Throws("diagonal", () => Linear.TriangularMultiplyBackwardFromOutputs(shortN, l, x, y, g, dd, dl, dx));
        Throws("strictLower", () => Linear.TriangularMultiplyBackwardFromOutputs(d, shortM, x, y, g, dd, dl, dx));
        Throws("y", () => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, longN, g, dd, dl, dx));
        Throws("dY", () => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, longN, dd, dl, dx));
        Throws("dDiagonal", () => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, shortN, dl, dx));
        Throws("dStrictLower", () => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, dd, new double[m + 1], dx));
        Throws("dX", () => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, dd, dl, longN));
        Throws("dStrictLower", () => Linear.TriangularMultiplyBackwardFromOutputs<double>(d, l, x, y, g, Span<double>.Empty, shortM, Span<double>.Empty));

        // Tangent: the forward's shapes, then the tangents' (empty allowed).
        Throws("diagonal", () => Linear.TriangularMultiplyTangent(shortN, l, x, y, dd, dl, dx, g));
        Throws("strictLower", () => Linear.TriangularMultiplyTangent(d, shortM, x, y, dd, dl, dx, g));
        Throws("y", () => Linear.TriangularMultiplyTangent(d, l, x, shortN, dd, dl, dx, g));
        Throws("dDiagonal", () => Linear.TriangularMultiplyTangent(d, l, x, y, shortN, dl, dx, g));
        Throws("dStrictLower", () => Linear.TriangularMultiplyTangent(d, l, x, y, dd, shortM, dx, g));
        Throws("dX", () => Linear.TriangularMultiplyTangent(d, l, x, y, dd, dl, longN, g));
        Throws("dY", () => Linear.TriangularMultiplyTangent(d, l, x, y, dd, dl, dx, shortN));

        // BackwardTangent: the forward's and the pullback's shapes by name.
        double[] vd = new double[n], vl = new double[m], vx = new double[n], vdy = new double[n], hd = new double[n], hl = new double[m], hx = new double[n], vy = new double[n];
        Throws("diagonal", () => Linear.TriangularMultiplyBackwardTangent(shortN, l, x, y, g, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("strictLower", () => Linear.TriangularMultiplyBackwardTangent(d, shortM, x, y, g, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("y", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, longN, g, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("dY", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, shortN, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("dDiagonal", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, shortN, dl, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("dStrictLower", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, shortM, dx, vd, vl, vx, vdy, hd, hl, hx, vy));
        Throws("dX", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, longN, vd, vl, vx, vdy, hd, hl, hx, vy));
        // The direction, its tangents and vY by name as well.
        Throws("vDiagonal", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, shortN, vl, vx, vdy, hd, hl, hx, vy));
        Throws("vStrictLower", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, shortM, vx, vdy, hd, hl, hx, vy));
        Throws("vX", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, longN, vdy, hd, hl, hx, vy));
        Throws("vDY", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, vx, shortN, hd, hl, hx, vy));
        Throws("hvDiagonal", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, vx, vdy, longN, hl, hx, vy));
        Throws("hvStrictLower", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, vx, vdy, hd, shortM, hx, vy));
        Throws("hvX", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, vx, vdy, hd, hl, shortN, vy));
        Throws("vY", () => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, vd, vl, vx, vdy, hd, hl, hx, longN));

        // A large n: n (n − 1) / 2 overflows int arithmetic from n = 46,341 on, but not the check.
        var big = new double[50_000];
        var e = Assert.Throws<ArgumentException>(() => Linear.TriangularMultiply(big, new double[3], big, new double[50_000]));
        Assert.Equal("strictLower", e.ParamName);
        Assert.Contains("1249975000", e.Message);

        // A failed check writes nothing.
        double[] untouched = { 1, 2, 3, 4, 5 };
        Assert.Throws<ArgumentException>(() => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, untouched, dl, shortN));
        Assert.Equal(new double[] { 1, 2, 3, 4, 5 }, untouched);
    }

    // ---- allocation -----------------------------------------------------------------------------------------------------

    private static long Allocated(Action action)
    {
        action(); // warm: JIT and tiering
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Warm_calls_allocate_nothing()
    {
        const int n = 65;
        var rng = new Random(1000);
        double[] d = Random(rng, n), l = Random(rng, Packed(n)), x = Random(rng, n), y = new double[n], g = Random(rng, n);
        double[] dd = new double[n], dl = new double[Packed(n)], dx = new double[n], hd = new double[n], hl = new double[Packed(n)], hx = new double[n], vy = new double[n];
        float[] df = d.Select(v => (float)v).ToArray(), lf = l.Select(v => (float)v).ToArray(), xf = x.Select(v => (float)v).ToArray();
        float[] yf = new float[n], gf = new float[n], ddf = new float[n], dlf = new float[Packed(n)], dxf = new float[n];

        Assert.Equal(0, Allocated(() => Linear.TriangularMultiply(d, l, x, y)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiply(df, lf, xf, yf)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, dd, dl, dx)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, Span<double>.Empty, dl, Span<double>.Empty)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackwardFromOutputs(d, l, x, y, g, dd, Span<double>.Empty, dx)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackwardFromOutputs(df, lf, xf, yf, gf, ddf, dlf, dxf)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackward(d, l, x, y, g, dd, dl, dx)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyTangent(d, l, x, y, d, l, x, vy)));
        Assert.Equal(0, Allocated(() => Linear.TriangularMultiplyBackwardTangent(d, l, x, y, g, dd, dl, dx, d, l, x, g, hd, hl, hx, vy)));
    }
}
