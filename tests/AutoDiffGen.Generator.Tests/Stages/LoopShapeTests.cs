using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// The recognizer of vectorizable loops (<see cref="LoopShapes"/>), on the backward before vectorization: every counting
/// loop of it, forward and reverse sweep, described as the whole-slice parts it is recognized as, or "scalar".
/// </summary>
public class LoopShapeTests
{
    /// <summary>Each ForRange loop of the unvectorized backward, innermost first: its header and what it is recognized as.</summary>
    private static List<string> Shapes(string members)
    {
        StageHarness stages = StageHarness.Lower(members);
        List<IrStmt> body = stages.Structured();
        // No span output of these methods is in-out.
        ReverseMode reverse = ReverseModeTransform.Build(stages.Model, stages.Variables, stages.Activity(body), body, new HashSet<int>(), new List<DiagnosticInfo>())
            ?? throw new System.InvalidOperationException("reverse mode failed");
        DerivativeMethod backward = reverse.Backward;
        SpanAliasing aliasing = SpanAliasing.Of(backward);
        var printer = new ExpressionPrinter(backward.Variables);
        string counter = "";
        string Stream(SpanStream s)
        {
            string offset = s.Base.IsConstant && s.Base.Constant == 0 ? "" : printer.Print(s.Base.ToExpr()) + " + ";
            return $"{backward.Variables[s.Span].Name}[{offset}{counter}]";
        }
        string Operand(LoopOperand o) => o.Stream is SpanStream s ? Stream(s) : printer.Print(o.Scalar!);
        string Part(LoopPart part) => part switch
        {
            ReductionPart r => $"{backward.Variables[r.Target].Name} {(r.Subtract ? "-=" : "+=")} {r.Kind}({Stream(r.X)}{(r.Y is null ? "" : ", " + Stream(r.Y))})",
            MapPart m => $"{Stream(m.Destination)} = {m.Op}({string.Join(", ", m.Operands.Select(Operand))})",
            CopyPart c => $"{Stream(c.Destination)} = Copy({Stream(c.Source)})",
            FillPart f => $"{Stream(f.Destination)} = Fill({printer.Print(f.Value)})",
            PushPart p => $"Push({Stream(p.Source)})",
            PopPart p => $"{Stream(p.Destination)} = Pop()",
            _ => "?",
        };
        var result = new List<string>();
        foreach (ForRangeStmt loop in StatementWalker.All(backward.Body).OfType<ForRangeStmt>())
        {
            counter = printer.Name(loop.Counter);
            LoopShape? shape = LoopShapes.Recognize(loop, backward.Variables, aliasing);
            string range = shape is null ? "" : $" over [{printer.Print(shape.Lowest.ToExpr())}, +{printer.Print(shape.Count.ToExpr())}){(shape.CountMayBeNegative ? " if the count is positive" : "")}";
            string parts = shape is null ? "scalar" : string.Join("; ", shape.Parts.Select(Part));
            result.Add($"{printer.Name(loop.Counter)} from {printer.Print(loop.Start)}{range}: {parts}");
        }
        return result;
    }

    [Fact]
    public void A_dot_product_is_a_reduction_forward_and_two_axpy_updates_backward()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int o)
            {
                double a = 0;
                for (int k = 0; k < 8; k++) a += w[o + k] * x[k + 2 * o];
                return a * a;
            }
            """);

        Assert.Equal(new[]
        {
            "k from 0 over [0, +8): a += Dot(w[o + k], x[o * 2 + k])",
            // The zero-seed guard is inside the loop here; BackwardVectorization hoists it before it asks.
            "k from 7: scalar",
        }, shapes);
    }

    [Fact]
    public void Sums_and_sums_of_squares_and_their_adjoints()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> x)
            {
                double s = 0, q = 0;
                for (int k = 0; k < x.Length; k++) s += x[k];
                for (int k = 0; k < x.Length; k++) q -= x[k] * x[k];
                return s * q;
            }
            """);

        Assert.Equal(new[]
        {
            "k from 0 over [0, +x.Length): s += Sum(x[k])",
            "k_1 from 0 over [0, +x.Length): q -= SumOfSquares(x[k_1])",
            // Guarded by dQ != 0 inside the loop (see above).
            "k_1 from x.Length - 1: scalar",
            "k from x.Length - 1 over [0, +x.Length): dX[k] = Add(dX[k], dS)",
        }, shapes);
    }

    [Fact]
    public void Element_wise_arithmetic_copies_fills_and_their_adjoints()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> x, double s)
            {
                Span<double> y = stackalloc double[x.Length];
                Span<double> z = stackalloc double[x.Length];
                for (int k = 0; k < x.Length; k++) z[k] = 0.5;
                for (int k = 0; k < x.Length; k++) y[k] = x[k] * s + z[k];
                for (int k = 0; k < x.Length; k++) z[k] = y[k];
                return z[0];
            }
            """);

        Assert.Equal(new[]
        {
            "k from 0 over [0, +x.Length): z[k] = Fill(0.5)",
            "k_1 from 0 over [0, +x.Length): y[k_1] = MultiplyAdd(x[k_1], s, z[k_1])",
            "k_2 from 0 over [0, +x.Length): z[k_2] = Copy(y[k_2])",
            "k_2 from x.Length - 1 over [0, +x.Length): dY[k_2] = Add(dY[k_2], dZ[k_2]); dZ[k_2] = Fill(0.0)",
            // Each element's adjoint statements are guarded by its own seed (dY[k_1] != 0): a vector call would turn
            // 0 · ∞ into NaN where the guard skips the element.
            "k_1 from x.Length - 1: scalar",
            "k from x.Length - 1 over [0, +x.Length): dZ[k] = Fill(0.0)",
        }, shapes);
    }

    [Fact]
    public void An_overwritten_buffer_is_pushed_and_popped_as_a_slice()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int steps)
            {
                Span<double> h = stackalloc double[4];
                Span<double> next = stackalloc double[4];
                h.Fill(1);
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < 4; i++) next[i] = h[i] * w[i];
                    for (int i = 0; i < 4; i++) h[i] = next[i];
                }
                return h[0] * h[3];
            }
            """);

        Assert.Equal(new[]
        {
            "t from 0: scalar",
            "i from 0 over [0, +4): next[i] = Multiply(h[i], w[i])",
            "i_1 from 0 over [0, +4): Push(h[i_1]); h[i_1] = Copy(next[i_1])",
            "t from steps - 1: scalar",
            "i_1 from 3 over [0, +4): dNext[i_1] = Add(dNext[i_1], dH[i_1]); dH[i_1] = Fill(0.0); h[i_1] = Pop()",
            "i from 3: scalar",
        }, shapes);
    }

    [Fact]
    public void Non_contiguous_recurrent_and_nonlinear_loops_stay_scalar()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> x, int n)
            {
                Span<double> y = stackalloc double[2 * n + 1];
                double a = 0;
                for (int k = 0; k < n; k++) a += x[2 * k];
                for (int k = 0; k < n; k++) a += x[(k + 1) % n];
                for (int k = 0; k < n; k++) y[k + 1] = y[k] + x[k];
                for (int k = 0; k < n; k++) a += Math.Exp(x[k]);
                return a + y[n];
            }
            """);

        Assert.All(shapes, s => Assert.EndsWith(": scalar", s));
    }

    [Fact]
    public void A_span_output_written_from_another_span_argument_stays_scalar()
    {
        // The caller may pass overlapping memory for x and y; a vector kernel would reject it or change the result.
        var shapes = Shapes("""
            [Differentiable] public static void F(ReadOnlySpan<double> x, double s, Span<double> y)
            {
                for (int k = 0; k < y.Length; k++) y[k] = s * x[k];
            }
            """);

        Assert.Equal("k from 0: scalar", shapes[0]);
    }

    [Fact]
    public void A_loop_whose_bounds_may_give_no_iteration_runs_only_if_its_count_is_positive()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int from, int to)
            {
                double a = 0;
                for (int k = from; k < to; k++) a += w[k] * x[k];
                return a;
            }
            """);

        Assert.Equal("k from from over [from, +to - from) if the count is positive: a += Dot(w[k], x[k])", shapes[0]);
    }

    [Fact]
    public void A_scalar_the_loop_changes_is_no_operand()
    {
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> w)
            {
                double a = 0, s = 1;
                for (int k = 0; k < w.Length; k++) { a += w[k] * s; s = s * 0.5; }
                return a;
            }
            """);

        Assert.Equal("k from 0: scalar", shapes[0]);
    }

    [Fact]
    public void A_scalar_operand_read_from_a_span_runs_only_for_a_positive_count()
    {
        // With no iteration the loop never reads b[j]; the vector call, evaluated anyway, must not either.
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> b, int j)
            {
                Span<double> y = stackalloc double[x.Length];
                for (int k = 0; k < x.Length; k++) y[k] = x[k] + b[j];
                return y[0];
            }
            """);

        Assert.Equal("k from 0 over [0, +x.Length) if the count is positive: y[k] = Add(x[k], b[j])", shapes[0]);
    }

    [Fact]
    public void A_view_overlaps_its_roots_only()
    {
        // u and v are views (issue 14: reassigned span locals) over two buffers; h is a buffer of its own.
        var shapes = Shapes("""
            [Differentiable] public static double F(ReadOnlySpan<double> x, double s, int steps)
            {
                Span<double> u = stackalloc double[8];
                Span<double> v = stackalloc double[8];
                Span<double> h = stackalloc double[8];
                x.Slice(0, 8).CopyTo(u);
                for (int t = 0; t < steps; t++)
                {
                    for (int k = 0; k < 8; k++) v[k] = u[k] * s;
                    Span<double> swap = u;
            u = v;
            v = swap;
                }
                for (int k = 0; k < 8; k++) h[k] = u[k] * u[k];
                double r = 0;
                for (int k = 0; k < 8; k++) r += h[k];
                return r;
            }
            """);

        // v = u·s writes one view while reading the other, which may be the same buffer: scalar. h is neither root, so
        // h = u·u and everything on h and its adjoint are whole-slice calls (before views joined SpanAliasing, their
        // ViewBind statements made every own buffer "may overlap" and all of these loops stayed scalar).
        Assert.Equal(new[]
        {
            "t from 0: scalar",
            "k from 0: scalar",
            "k_1 from 0 over [0, +8): h[k_1] = Multiply(u[k_1], u[k_1])",
            "k_2 from 0 over [0, +8): r += Sum(h[k_2])",
            "k_2 from 7 over [0, +8): dH[k_2] = Add(dH[k_2], dR)",
            // The adjoint of h = u·u, into the adjoint view dU: scalar.
            "k_1 from 7: scalar",
            "t from steps - 1: scalar",
            "k from 7: scalar",
        }, shapes);
    }
}
