using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform;
using AutoDiffGen.Generator.Transform.Checkpointing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// Checkpointing (<c>[Differentiable(Checkpoints = s)]</c>) stage by stage: which loops are chosen, their loop-carried
/// state, the sweeps of a checkpointed loop as IR, the documentation, ADG0017 and ADG0018.
/// </summary>
public class CheckpointingTests
{
    private const string Recurrence = """
        [Differentiable(Checkpoints = 4)]
        public static double F(double w, ReadOnlySpan<double> x, int n)
        {
            double h = 0.5;
            double total = 0;
            for (int t = 0; t < n; t++)
            {
                double z = w * h + x[t];
                h = Math.Tanh(z);
                total += h;
            }
            for (int i = 0; i < x.Length; i++) total += x[i] * w;
            return total * h;
        }
        """;

    private static (StageHarness Stages, CheckpointPlan Plan) Plan(string members)
    {
        StageHarness stages = StageHarness.Lower(members);
        var (context, body, records) = stages.Adjoints();
        CheckpointPlan plan = CheckpointPlan.Choose(context, body, records);
        RecordPlan again = ToBeRecordedAnalysis.Run(body, context.Statements.ToDictionary(kv => kv.Key, kv => kv.Value.Use, ReferenceComparer.Instance), plan.Loops);
        plan.SetState(again);
        return (stages, plan);
    }

    [Fact]
    public void Only_outermost_loops_that_record_per_iteration_are_checkpointed_and_their_state_is_what_they_carry()
    {
        var (stages, plan) = Plan(Recurrence);

        // The recurrence records h; the sum over x records nothing and is left alone.
        IrStmt loop = Assert.Single(plan.Loops);
        Assert.Equal(4, plan.Snapshots);
        // z is written before it is read in every iteration, the counter is recomputed; h and total are carried.
        Assert.Equal(new[] { "h", "total" }, stages.Names(plan.State(loop)));
    }

    [Fact]
    public void Spans_written_whole_before_they_are_read_are_not_part_of_the_state()
    {
        var (stages, plan) = Plan("""
            [Differentiable]
            public static void Cell(ReadOnlySpan<double> w, ReadOnlySpan<double> h, Span<double> next)
            {
                for (int i = 0; i < h.Length; i++) next[i] = Math.Tanh(w[i] * h[i]);
            }

            [Differentiable(Checkpoints = 3)]
            public static double F(ReadOnlySpan<double> w, int steps)
            {
                Span<double> h = stackalloc double[w.Length];
                Span<double> next = stackalloc double[w.Length];
                Span<double> scratch = stackalloc double[w.Length];
                h.Fill(0.5);
                for (int t = 0; t < steps; t++)
                {
                    Cell(w, h, next);
                    scratch.Fill(0.1);
                    next.CopyTo(h);
                    h[0] = h[0] + scratch[1];
                }
                return h[0] + h[1];
            }
            """);

        Assert.Equal(new[] { "h" }, stages.Names(plan.State(plan.Loops.Single())));
    }

    [Fact]
    public void What_the_statements_before_the_loop_need_at_its_start_is_part_of_the_state()
    {
        // The adjoint of h = y * y reads y; the loop overwrites y before reading it.
        var (stages, plan) = Plan("""
            [Differentiable(Checkpoints = 2)]
            public static double F(double w, int n)
            {
                double y = w * 3;
                double h = y * y;
                for (int t = 0; t < n; t++)
                {
                    y = h * w;
                    h = Math.Sin(y);
                }
                return h;
            }
            """);

        Assert.Equal(new[] { "h", "y" }, stages.Names(plan.State(plan.Loops.Single())));
    }

    [Fact]
    public void Backward_of_a_checkpointed_loop_snapshots_in_the_forward_sweep_and_follows_the_schedule_in_the_reverse_sweep()
    {
        var file = StageHarness.Transform(Recurrence);
        string backward = StageHarness.Print(file, "FBackward");

        Assert.Contains("""
                // Checkpointed loop: binomial schedule, at most 4 snapshots of h, total
                checkpoints = tape.BeginCheckpoints(4, n > 0 ? n : 0);
                tStep = 0;
                for (t = 0; t < n; t++)
                {
                    if (checkpoints.SnapshotDue(tStep))
                    {
                        tape.Push(h);
                        tape.Push(total);
                    }
                    z = w * h + x[t];
                    tanh1 = Math.Tanh(z);
                    h = tanh1;
                    total += h;
                    tStep++;
                }
                checkpoints.EndForward(tStep);
                """, backward);
        Assert.Contains("""
                while (checkpoints.Next())
                {
                    double dZ = 0.0;
                    double dTanh1 = 0.0;
                    if (checkpoints.Action == CheckpointAction.Advance)
                    {
                        for (tStep = checkpoints.From; tStep < checkpoints.To; tStep++)
                        {
                            t = tStep;
                            z = w * h + x[t];
                            tanh1 = Math.Tanh(z);
                            h = tanh1;
                            total += h;
                        }
                    }
                    else if (checkpoints.Action == CheckpointAction.Reverse)
                    {
                        t = checkpoints.From;
                        z = w * h + x[t];
                        tape.Push(tanh1);
                        tanh1 = Math.Tanh(z);
                        tape.Push(h);
                        h = tanh1;
                        total += h;
                        dH += dTotal;
                        dTanh1 = dH;
                """, backward);
        // The sum after the loop reads total, which the loop's snapshots restore: it records nothing for the loop.
        Assert.Contains("""
                for (i = 0; i < x.Length; i++)
                {
                    total += x[i] * w;
                }
                """, backward);
        Assert.Contains("""
                    else if (checkpoints.Action == CheckpointAction.Snapshot)
                    {
                        tape.Push(h);
                        tape.Push(total);
                    }
                    else if (checkpoints.Action == CheckpointAction.Restore)
                    {
                        total = tape.PopReal();
                        h = tape.PopReal();
                        tape.Push(h);
                        tape.Push(total);
                    }
                    else
                    {
                        total = tape.PopReal();
                        h = tape.PopReal();
                    }
                }
                """, backward);
        DerivativeMethod method = file.Methods.Single(m => m.Name == "FBackward");
        string docs = string.Join(" ", method.Documentation);
        Assert.Matches("the loop at line [0-9]+ is checkpointed: binomial schedule \\(Revolve", docs);
        Assert.Contains("at most s = 4 snapshots of its loop-carried state (h, total)", docs);
    }

    [Fact]
    public void A_while_loop_on_an_active_condition_gets_the_online_schedule()
    {
        var file = StageHarness.Transform("""
            [Differentiable(Checkpoints = 6)]
            public static double F(double x)
            {
                double r = x * x + 1;
                while (r > 0.1) r = r * Math.Tanh(r) * 0.9;
                return r;
            }
            """);
        string backward = StageHarness.Print(file, "FBackward");

        Assert.Contains("checkpoints = tape.BeginCheckpoints(6);", backward);
        Assert.Contains("// Checkpointed loop: online schedule, at most 6 snapshots of r", backward);
        Assert.Contains("for (step = checkpoints.From; step < checkpoints.To; step++)", backward);
        string docs = string.Join(" ", file.Methods.Single(m => m.Name == "FBackward").Documentation);
        Assert.Contains("online schedule (its trip count is known only when it ends): the forward sweep snapshots every d-th iteration, d doubling whenever 3 snapshots are held", docs);
    }

    [Fact]
    public void Forward_over_reverse_carries_the_tangents_of_the_state_in_the_snapshots()
    {
        var file = StageHarness.Transform(Recurrence.Replace("Checkpoints = 4", "Derivatives.Hessian, Checkpoints = 4", System.StringComparison.Ordinal));
        string backwardTangent = StageHarness.Print(file, "FBackwardTangent");

        Assert.Contains("""
                    if (checkpoints.SnapshotDue(tStep))
                    {
                        tape.Push(h);
                        tape.Push(vH);
                        tape.Push(total);
                        tape.Push(vTotal);
                    }
                """, backwardTangent);
        Assert.Contains("""
                        vTotal = tape.PopReal();
                        total = tape.PopReal();
                        vH = tape.PopReal();
                        h = tape.PopReal();
                """, backwardTangent);
    }

    [Fact]
    public Task ADG0017_negative_checkpoints()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable({|#0:Checkpoints = -2|})]
                public static double F(double x) => x * x;
            }
            """;
        return VerifyNoSourceAsync(source, new DiagnosticResult(DiagnosticDescriptors.InvalidCheckpoints).WithLocation(0).WithArguments("F", "-2"));
    }

    [Fact]
    public async Task ADG0018_nothing_to_checkpoint_warns_and_generates_the_ordinary_sweeps()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable(Checkpoints = 8)]
                public static double {|#0:Dot|}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    return s;
                }
            }
            """;
        var test = CreateTest(source);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.NothingToCheckpoint).WithLocation(0).WithArguments("Dot", "8"));
        await test.RunAsync(CancellationToken.None);

        Run run = RunGenerator(Compile(source.Replace("{|#0:", "", System.StringComparison.Ordinal).Replace("|}", "", System.StringComparison.Ordinal)));
        Assert.Single(run.Sources);
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        Assert.DoesNotContain("Checkpoint", run.Sources[0].SourceText.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpointed_code_compiles_without_warnings_for_every_kind_of_loop()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable(Derivatives.Reverse | Derivatives.Hessian | Derivatives.Jacobian, Checkpoints = 3)]
                public static double F(double a, ReadOnlySpan<double> w, int n)
                {
                    double h = a;
                    long k = 0;
                    for (long t = 2; t <= n; t += 2) { h = Math.Sin(h * w[(int)(t % w.Length)]); k++; }
                    for (int t = n; t > 0; t--) { h = h * h * 0.5 + w[0]; if (h > 10) break; }
                    int m = 0;
                    do { h = Math.Cos(h) * a; m++; } while (h > 0.2 && m < n);
                    bool flag = false;
                    foreach (double v in w) { if (!flag && v > h) { flag = true; h = h * v; } else h = Math.Exp(-h); }
                    for (int i = 0; i < 5; i++) h = h * a + 1;
                    return h + k + m;
                }
            }
            """;
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        string text = run.Sources.Single().SourceText.ToString();
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(text, @"is checkpointed: binomial").Count
            + System.Text.RegularExpressions.Regex.Matches(text, @"is checkpointed: online").Count);
    }
}
