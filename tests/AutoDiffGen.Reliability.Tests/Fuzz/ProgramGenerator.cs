using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>
/// Generates a random, valid <c>[Differentiable]</c> program from a seed (Csmith-style), inside README's supported
/// subset: arithmetic, Math functions with their arguments kept in the domain, locals and reassignment, compound
/// assignment, if/else, the conditional operator, loops with constant, input-length, int-parameter and data-dependent
/// trip counts, break/continue, early return, span inputs, stackalloc scratch, and calls to other generated methods
/// (scalar, span and vector-output helpers, some of them static local functions of the main method).
/// Every local is declared and initialized in a prologue that the shrinker never deletes, so deleting any other
/// statement leaves a valid program; loops with data-dependent trip counts carry a guard, so deleting statements
/// never makes them infinite.
/// </summary>
public sealed class ProgramGenerator
{
    private readonly Random _rng;
    private int _fresh;

    private ProgramGenerator(int seed) => _rng = new Random(seed);

    private sealed class Scope
    {
        public List<string> Doubles = new();
        public List<string> Writable = new();
        /// <summary>Non-negative int variables in scope (loop counters, n).</summary>
        public List<string> Ints = new();
        /// <summary>Readable spans with their lengths (0 = unknown at generation time but ≥ 1).</summary>
        public List<(string Name, int Length)> Spans = new();
        /// <summary>Loop counters known to index a span directly: counter → span name.</summary>
        public Dictionary<string, string> Indexes = new();
        public string? Scratch;
        /// <summary>Writable buffers (the scratch, stackalloc/collection/array locals) with their lengths (0: unknown, ≥ 1).</summary>
        public List<(string Name, int Length)> Buffers = new();
        public string? Counter;
        public string? Swap;
        public bool HasMode;
        public int LoopDepth;
        public bool AllowReturn = true;
        public bool AllowLoops = true;
        public bool NoBreak;
        public List<string> Guards = new();
        public List<FuzzMethod> Callable = new();
        public string? ActiveSpan;

        public Scope Clone() => new()
        {
            Doubles = new(Doubles), Writable = new(Writable), Ints = new(Ints), Spans = new(Spans), Indexes = new(Indexes),
            Scratch = Scratch, Buffers = Buffers, Counter = Counter, Swap = Swap, HasMode = HasMode, LoopDepth = LoopDepth, AllowReturn = AllowReturn, AllowLoops = AllowLoops, NoBreak = NoBreak, Guards = Guards,
            Callable = Callable, ActiveSpan = ActiveSpan,
        };
    }

    private enum HelperKind { Scalar, Span, Vector, InOut, InOutBounded }

    /// <summary>The constructs of issue 14 the program being generated uses.</summary>
    private readonly HashSet<string> _constructs = new();

    private void Uses(string construct) => _constructs.Add(construct);

    private readonly Dictionary<FuzzMethod, HelperKind> _kinds = new();

    public static FuzzProgram Generate(int seed) => new ProgramGenerator(seed).Build(seed);

    private FuzzProgram Build(int seed)
    {
        int scalarCount = 1 + _rng.Next(3);
        string[] scalars = new[] { "a", "b", "c" }.Take(scalarCount).ToArray();
        int spanLength = Chance(0.7) ? 1 + _rng.Next(5) : 0;
        double[]? data = Chance(0.3) ? Enumerable.Range(0, 1 + _rng.Next(4)).Select(_ => Math.Round(_rng.NextDouble() * 4 - 2, 3)).ToArray() : null;
        int? n = Chance(0.5) ? _rng.Next(5) : null;
        bool scratch = Chance(0.5);

        var helpers = new List<FuzzMethod>();
        int helperCount = _rng.Next(4);
        for (int h = 0; h < helperCount; h++) helpers.Add(MakeHelper(h, helpers));
        if (helperCount > 0 && Chance(0.35))
        {
            // The last helpers become static local functions of F: only F and later local functions can call them.
            for (int h = _rng.Next(helperCount); h < helperCount; h++) helpers[h].Local = true;
            Uses("local-function");
        }

        // Main method F.
        var scope = new Scope();
        var parameters = new List<string>();
        foreach (string s in scalars)
        {
            parameters.Add("double " + s);
            scope.Doubles.Add(s);
        }
        if (spanLength > 0)
        {
            parameters.Add("ReadOnlySpan<double> w");
            scope.Spans.Add(("w", spanLength));
            scope.ActiveSpan = "w";
        }
        if (data is not null)
        {
            parameters.Add("[NoDerivative] ReadOnlySpan<double> x");
            scope.Spans.Add(("x", data.Length));
        }
        if (n is not null)
        {
            parameters.Add("int n");
            scope.Ints.Add("n");
        }
        string? mode = null;
        if (Chance(0.3))
        {
            mode = Pick(new[] { "A", "B", "C" });
            parameters.Add("Mode mode");
            scope.HasMode = true;
            Uses("enum");
        }
        scope.Callable = helpers;
        var body = new List<Stmt>();
        int locals = 2 + _rng.Next(3);
        for (int i = 0; i < locals; i++)
        {
            string init = Expr(scope, 1);
            body.Add(new LineStmt($"double v{i} = {init};", deletable: false));
        }
        for (int i = 0; i < locals; i++)
        {
            scope.Doubles.Add("v" + i);
            scope.Writable.Add("v" + i);
        }
        if (Chance(0.2)) scope.Writable.Add(scalars[0]); // parameters may be reassigned too
        if (scratch)
        {
            int length = 1 + _rng.Next(4);
            string size = spanLength > 0 && Chance(0.4) ? "w.Length" : length.ToString(CultureInfo.InvariantCulture);
            body.Add(new LineStmt($"Span<double> s = stackalloc double[{size}];", deletable: false));
            scope.Spans.Add(("s", size == "w.Length" ? spanLength : length));
            scope.Buffers.Add(("s", size == "w.Length" ? spanLength : length));
            scope.Scratch = "s";
        }
        body.Add(new LineStmt("int c0 = 0;", deletable: false));
        scope.Counter = "c0";
        Buffers(scope, body, n is not null);
        int guards = 3;
        for (int i = 0; i < guards; i++)
        {
            body.Add(new LineStmt($"int k{i} = 0;", deletable: false));
            scope.Guards.Add("k" + i);
        }
        int statements = 3 + _rng.Next(6);
        for (int i = 0; i < statements; i++) body.Add(Statement(scope, 2));
        string final = string.Join(" + ", scope.Writable.Where(v => v.StartsWith('v')).Select(v => Chance(0.5) ? v : $"{Literal()} * {v}"));
        body.Add(new LineStmt($"return {final} + {Expr(scope, 2)};", deletable: false));

        var main = new FuzzMethod("F", "public static double F(" + string.Join(", ", parameters) + ")", body);
        // Forward mode on half the programs, forward over reverse on a fifth (decided last, so a seed's program is
        // the same as before these were drawn). The helpers get whatever F's derivatives need without being asked.
        bool forward = Chance(0.5);
        bool hessian = forward && Chance(0.4);
        if (forward) main.Attribute = hessian ? "[Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]" : "[Differentiable(Derivatives.Reverse | Derivatives.Forward)]";
        return new FuzzProgram
        {
            Seed = seed,
            ClassName = "P" + ((uint)seed).ToString(CultureInfo.InvariantCulture),
            Helpers = helpers,
            Main = main,
            Scalars = scalars,
            SpanLength = spanLength,
            Data = data,
            N = n,
            Mode = mode,
            Constructs = Detected(helpers.Append(main)),
            Forward = forward,
            Hessian = hessian,
        };
    }

    /// <summary>The constructs used: those noted while generating, and selections and foreach over buffers found in the text.</summary>
    private List<string> Detected(IEnumerable<FuzzMethod> methods)
    {
        var text = new System.Text.StringBuilder();
        foreach (FuzzMethod m in methods) m.Print(text, new HashSet<Stmt>());
        string source = text.ToString();
        if (new[] { "Math.Max(", "Math.Min(", "Math.Clamp(", "Math.Abs(", "? 1.0 : 0.0", "Math.Sign(" }.Any(source.Contains)) Uses("selection");
        if (System.Text.RegularExpressions.Regex.IsMatch(source, @"foreach \(double \w+ in a\d\)")) Uses("foreach-buffer");
        return _constructs.OrderBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>Span locals made from values and local arrays, declared in the prologue.</summary>
    private void Buffers(Scope scope, List<Stmt> body, bool hasN)
    {
        void Add(string declaration, string name, int length, bool writable, string construct)
        {
            body.Add(new LineStmt(declaration, deletable: false));
            scope.Spans.Add((name, length));
            if (writable) scope.Buffers.Add((name, length));
            Uses(construct);
        }
        if (Chance(0.3)) Add($"Span<double> a0 = stackalloc double[] {{ {Expr(scope, 1)}, {Expr(scope, 1)}, {Expr(scope, 1)} }};", "a0", 3, true, "stackalloc-initializer");
        if (Chance(0.2)) Add($"Span<double> a1 = stackalloc[] {{ {Expr(scope, 1)}, 0.5 }};", "a1", 2, true, "stackalloc-initializer");
        if (Chance(0.3)) Add($"Span<double> a2 = [{Expr(scope, 1)}, {Expr(scope, 1)}];", "a2", 2, true, "collection-expression");
        if (Chance(0.2)) Add($"ReadOnlySpan<double> a3 = [{Expr(scope, 1)}, 1.5, {Expr(scope, 1)}];", "a3", 3, false, "collection-expression");
        if (Chance(0.3))
        {
            if (hasN && Chance(0.5)) Add("double[] a4 = new double[n + 1];", "a4", 0, true, "local-array");
            else Add("double[] a4 = new double[3];", "a4", 3, true, "local-array");
        }
        if (Chance(0.2)) Add($"double[] a5 = {{ {Expr(scope, 1)}, {Expr(scope, 1)} }};", "a5", 2, true, "local-array");
        if (Chance(0.25))
        {
            // Double buffering: swapped in the body, through a temporary (spans) or a tuple (arrays).
            bool arrays = Chance(0.5);
            Add(arrays ? "double[] b0 = new double[2];" : "Span<double> b0 = stackalloc double[2];", "b0", 2, true, "buffer-swap");
            Add(arrays ? $"double[] b1 = {{ {Expr(scope, 1)}, 0.25 }};" : $"Span<double> b1 = [{Expr(scope, 1)}, 0.25];", "b1", 2, true, "buffer-swap");
            scope.Swap = arrays ? "(b0, b1) = (b1, b0);" : "{ Span<double> sw = b0; b0 = b1; b1 = sw; }";
        }
    }

    private FuzzMethod MakeHelper(int index, List<FuzzMethod> earlier)
    {
        var kind = (HelperKind)_rng.Next(5);
        var scope = new Scope { Callable = earlier.ToList() };
        var body = new List<Stmt>();
        string name;
        string header;
        switch (kind)
        {
            case HelperKind.Scalar:
            {
                name = "H" + index;
                header = $"public static double {name}(double p, double q)";
                scope.Doubles.AddRange(new[] { "p", "q" });
                scope.AllowLoops = Chance(0.5);
                scope.Guards.Add("j0");
                body.Add(new LineStmt("double u0 = p;", false));
                body.Add(new LineStmt("double u1 = q;", false));
                body.Add(new LineStmt("int j0 = 0;", false));
                scope.Doubles.AddRange(new[] { "u0", "u1" });
                scope.Writable.AddRange(new[] { "u0", "u1", "p" });
                int count = 1 + _rng.Next(4);
                for (int i = 0; i < count; i++) body.Add(Statement(scope, 2));
                body.Add(new LineStmt($"return u0 * {Expr(scope, 1)} + u1;", false));
                break;
            }
            case HelperKind.Span:
            {
                name = "H" + index;
                header = $"public static double {name}(double p, ReadOnlySpan<double> v)";
                scope.Doubles.Add("p");
                scope.Spans.Add(("v", 0));
                scope.Guards.Add("j0");
                body.Add(new LineStmt("double u0 = p;", false));
                body.Add(new LineStmt("int j0 = 0;", false));
                scope.Doubles.Add("u0");
                scope.Writable.Add("u0");
                string i = Fresh("i");
                var loop = new List<Stmt>();
                var inner = scope.Clone();
                inner.Ints.Add(i);
                inner.Indexes[i] = "v";
                inner.LoopDepth = 1;
                int count = 1 + _rng.Next(3);
                for (int k = 0; k < count; k++) loop.Add(Statement(inner, 1));
                body.Add(new BlockStmt($"for (int {i} = 0; {i} < v.Length; {i}++)", loop, deletable: false));
                body.Add(new LineStmt($"return u0 + {Expr(scope, 1)};", false));
                break;
            }
            case HelperKind.InOut:
            {
                // An in-out output: written on a condition, updated in place, or read before it is written.
                name = "M" + index;
                header = $"public static void {name}(ReadOnlySpan<double> u, Span<double> y)";
                Uses("in-out-helper");
                switch (_rng.Next(3))
                {
                    case 0:
                        body.Add(new LineStmt("for (int i = 0; i < y.Length; i++) { if (u[i % u.Length] > 0.2) y[i] = Math.Tanh(u[i % u.Length] * 1.5 + y[i]); }", false));
                        Uses("conditional-write");
                        break;
                    case 1:
                        body.Add(new LineStmt("for (int i = 0; i < y.Length; i++) y[i] += 0.5 * Math.Sin(u[i % u.Length]) * y[i];", false));
                        break;
                    default:
                        body.Add(new LineStmt("for (int i = 0; i < y.Length; i++) { double t = u[i % u.Length] + y[i]; for (int j = 0; j < i; j++) t -= 0.3 * y[j]; y[i] = t / (2.0 + Math.Cos(t)); }", false));
                        Uses("forward-substitution");
                        break;
                }
                break;
            }
            case HelperKind.InOutBounded:
            {
                // ADBench's Qtimesx: the output filled up to an int, then updated with +=.
                name = "Q" + index;
                header = $"public static void {name}(ReadOnlySpan<double> u, Span<double> y, int d)";
                Uses("in-out-helper");
                Uses("adbench-qtimesx");
                body.Add(new LineStmt("for (int id = 0; id < d; id++) y[id] = u[id % u.Length] * 1.5;", false));
                body.Add(new LineStmt("for (int i = 0; i < d; i++) { for (int j = i + 1; j < d; j++) y[j] += 0.25 * u[(i + j) % u.Length] * y[i]; }", false));
                break;
            }
            default:
            {
                name = "L" + index;
                header = $"public static void {name}(ReadOnlySpan<double> u, Span<double> y)";
                scope.Spans.Add(("u", 0));
                scope.AllowReturn = false;
                scope.AllowLoops = false;
                scope.NoBreak = true;
                string i = Fresh("i");
                scope.Ints.Add(i);
                scope.LoopDepth = 1;
                var loop = new List<Stmt> { new LineStmt($"double t = u[{i} % u.Length];", false) };
                scope.Doubles.Add("t");
                scope.Writable.Add("t");
                int count = _rng.Next(3);
                for (int k = 0; k < count; k++) loop.Add(Statement(scope, 1));
                loop.Add(new LineStmt($"y[{i}] = {Expr(scope, 2)};", false));
                body.Add(new BlockStmt($"for (int {i} = 0; {i} < y.Length; {i}++)", loop, deletable: false));
                break;
            }
        }
        var method = new FuzzMethod(name, header, body);
        _kinds[method] = kind;
        return method;
    }

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private string Fresh(string prefix) => prefix + _fresh++;

    private string Literal() => Pick(new[] { "0.5", "1.25", "(-0.75)", "2.0", "0.1", "3.0", "(-1.5)", "0.3" });

    private Stmt Statement(Scope scope, int depth)
    {
        double roll = _rng.NextDouble();
        bool canNest = depth > 0;
        if (canNest && roll < 0.15) return If(scope, depth);
        if (canNest && scope.AllowLoops && scope.LoopDepth < 2 && roll < 0.38) return Loop(scope, depth);
        if (scope.LoopDepth > 0 && !scope.NoBreak && roll < 0.45)
        {
            string kind = Pick(new[] { "break", "continue" });
            return new LineStmt($"if ({Condition(scope, 1)}) {kind};");
        }
        if (scope.AllowReturn && roll < 0.5) return new LineStmt($"if ({Condition(scope, 1)}) return {Expr(scope, 2)};");
        if (scope.Scratch is not null && roll < 0.62) return ScratchWrite(scope);
        if (scope.Buffers.Count > 0 && roll < 0.62)
        {
            (string buffer, _) = Pick(scope.Buffers);
            string index = Index(scope, buffer);
            return new LineStmt(Pick(new[] { $"{buffer}[{index}]++;", $"{buffer}[{index}] -= {Bounded(Expr(scope, 2))};", $"{buffer}[{index}] *= 0.5 + 0.25 * Math.Cos({Expr(scope, 1)});" }));
        }
        if (scope.Scratch is not null && scope.ActiveSpan is not null && roll < 0.66)
        {
            FuzzMethod? vector = scope.Callable.FirstOrDefault(m => _kinds[m] == HelperKind.Vector);
            string source = scope.Spans.Any(s => s.Name == "x") && Chance(0.3) ? "x" : scope.ActiveSpan;
            int scratchLength = scope.Buffers.First(b => b.Name == scope.Scratch).Length;
            if (vector is not null && scratchLength >= 2 && Chance(0.4))
            {
                // Two disjoint slices of one buffer as the input and the output of one call.
                int h = 1 + _rng.Next(scratchLength - 1);
                Uses("disjoint-slices");
                return new LineStmt($"{vector.Name}({scope.Scratch}.Slice(0, {h}), {scope.Scratch}.Slice({h}, {scratchLength - h}));");
            }
            if (vector is not null) return new LineStmt($"{vector.Name}({source}, {scope.Scratch});");
        }
        if (scope.Buffers.Count > 0 && roll < 0.72)
        {
            var inOut = scope.Callable.Where(m => _kinds[m] is HelperKind.InOut or HelperKind.InOutBounded).ToList();
            var sources = scope.Spans.Select(s => s.Name).ToList();
            if (inOut.Count > 0)
            {
                FuzzMethod m = Pick(inOut);
                (string buffer, int length) = Pick(scope.Buffers);
                string source = Pick(sources.Where(n => n != buffer).DefaultIfEmpty(scope.ActiveSpan ?? "w").ToList());
                if (source == buffer || !scope.Spans.Any(sp => sp.Name == source)) return Assignment(scope);
                if (_kinds[m] == HelperKind.InOut) return new LineStmt($"{m.Name}({source}, {buffer});");
                string d = length > 0 ? _rng.Next(length + 1).ToString(CultureInfo.InvariantCulture) : $"{buffer}.Length";
                return new LineStmt($"{m.Name}({source}, {buffer}, {d});");
            }
        }
        if (scope.Swap is not null && roll < 0.76) return new LineStmt(scope.Swap);
        if (roll < 0.8) return SideEffect(scope);
        if (scope.HasMode && roll < 0.86) return EnumStatement(scope);
        if (scope.LoopDepth > 0 && roll < 0.9 && scope.Writable.Count > 0 && scope.Ints.Count > 0)
        {
            string t = Fresh("t");
            Uses("loop-local-array");
            return new LineStmt($"{{ double[] {t} = new double[2]; {t}[{Pick(scope.Ints)} % 2] += {Expr(scope, 2)}; {Pick(scope.Writable)} += {t}[0] * 0.5 - {t}[1]; }}");
        }
        return Assignment(scope);
    }

    private Stmt If(Scope scope, int depth)
    {
        var then = Block(scope, depth - 1);
        List<Stmt>? otherwise = Chance(0.5) ? Block(scope, depth - 1) : null;
        return new BlockStmt($"if ({Condition(scope, 2)})", then, otherwise);
    }

    private List<Stmt> Block(Scope scope, int depth)
    {
        int count = 1 + _rng.Next(3);
        var list = new List<Stmt>();
        for (int i = 0; i < count; i++) list.Add(Statement(scope, depth));
        return list;
    }

    private Stmt Loop(Scope scope, int depth)
    {
        var inner = scope.Clone();
        inner.LoopDepth++;
        string i = Fresh("i");
        int form = _rng.Next(7);
        string? span = scope.Spans.Count > 0 ? Pick(scope.Spans).Name : null;
        string header;
        List<Stmt> body;
        string? footer = null;
        switch (form)
        {
            case 0:
                header = $"for (int {i} = 0; {i} < {1 + _rng.Next(4)}; {i}++)";
                inner.Ints.Add(i);
                body = Block(inner, depth - 1);
                break;
            case 1 when span is not null:
                header = $"for (int {i} = 0; {i} < {span}.Length; {i}++)";
                inner.Ints.Add(i);
                inner.Indexes[i] = span;
                body = Block(inner, depth - 1);
                break;
            case 2 when scope.Ints.Contains("n"):
                header = $"for (int {i} = 0; {i} < n; {i}++)";
                inner.Ints.Add(i);
                body = Block(inner, depth - 1);
                break;
            case 3 when span is not null:
            {
                string e = Fresh("e");
                header = $"foreach (double {e} in {span})";
                inner.Doubles.Add(e);
                body = Block(inner, depth - 1);
                break;
            }
            case 4 when scope.Writable.Count > 0:
            {
                // Trip count depends on an active value; the counter bounds it.
                string t = Pick(scope.Writable);
                header = $"for (int {i} = 0; {i} < {2 + _rng.Next(12)} && {t} > {Pick(new[] { "0.4", "1.0", "-0.5", "0.05" })}; {i}++)";
                inner.Ints.Add(i);
                body = new List<Stmt> { new LineStmt($"{t} = {t} * {Pick(new[] { "0.5", "0.8", "0.3" })} - 0.05;") };
                body.AddRange(Block(inner, depth - 1));
                break;
            }
            case 5 when scope.Writable.Count > 0 && scope.Guards.Count > 0:
            {
                string k = Pick(scope.Guards);
                string t = Pick(scope.Writable);
                inner.Guards = scope.Guards.Where(g => g != k).ToList();
                header = $"while ({k} < {1 + _rng.Next(6)} && {Condition(scope, 1)})";
                body = new List<Stmt> { new LineStmt($"{k}++;", deletable: false), new LineStmt($"{t} = {t} * 0.7 + 0.1;") };
                body.AddRange(Block(inner, depth - 1));
                return Sequence(new LineStmt($"{k} = 0;", deletable: false), new BlockStmt(header, body));
            }
            case 6 when scope.Guards.Count > 0:
            {
                string k = Pick(scope.Guards);
                inner.Guards = scope.Guards.Where(g => g != k).ToList();
                body = new List<Stmt> { new LineStmt($"{k}++;", deletable: false) };
                body.AddRange(Block(inner, depth - 1));
                footer = $"while ({k} < {1 + _rng.Next(4)} && {Condition(scope, 1)});";
                return Sequence(new LineStmt($"{k} = 0;", deletable: false), new BlockStmt("do", body, footer: footer));
            }
            default:
                header = $"for (int {i} = 0; {i} < {1 + _rng.Next(3)}; {i}++)";
                inner.Ints.Add(i);
                body = Block(inner, depth - 1);
                break;
        }
        return new BlockStmt(header, body, footer: footer);
    }

    /// <summary>Two statements that are deleted together (a guard reset and its loop).</summary>
    private static Stmt Sequence(Stmt first, BlockStmt loop) => new BlockStmt("if (true)", new List<Stmt> { first, loop });

    private Stmt ScratchWrite(Scope scope)
    {
        string s = scope.Buffers.Count > 0 && Chance(0.5) ? Pick(scope.Buffers).Name : scope.Scratch!;
        string index = Index(scope, s);
        string value = scope.LoopDepth > 0 ? Bounded(Expr(scope, 2)) : Expr(scope, 2);
        string op = Pick(new[] { "=", "=", "+=", "*=", "-=" });
        if (op == "*=") value = "0.5 + 0.25 * Math.Sin(" + value + ")";
        return new LineStmt($"{s}[{index}] {op} {value};");
    }

    private Stmt Assignment(Scope scope)
    {
        if (scope.Writable.Count == 0) return new LineStmt($"if ({Condition(scope, 1)}) return {Expr(scope, 1)};");
        string t = Pick(scope.Writable);
        string e = Expr(scope, 3);
        if (e == t) e = $"({e} + 0.5)";
        if (scope.LoopDepth > 0)
        {
            return new LineStmt(_rng.Next(7) switch
            {
                0 => $"{t} = Math.Tanh({e});",
                1 => $"{t} = 0.5 * {t} + 0.5 * Math.Sin({e});",
                2 => $"{t} += 0.25 * Math.Tanh({e});",
                3 => $"{t} *= 0.9 + 0.1 * Math.Cos({e});",
                4 => $"{t} -= 0.3 * Math.Atan({e});",
                5 => $"{t}++;",
                _ => $"{t} = {t} * Math.Sin({e}) + 0.5;",
            });
        }
        return new LineStmt(_rng.Next(9) switch
        {
            0 or 1 => $"{t} = {e};",
            2 => $"{t} += {e};",
            3 => $"{t} -= {e};",
            4 => $"{t} *= {e};",
            5 => $"{t} /= 2.0 + Math.Sin({e});",
            6 => $"{t} = {t} * {t};",
            7 => $"{t}--;",
            _ => $"{t} = {t} * {e} + {Pick(scope.Doubles)};",
        });
    }

    /// <summary>Assignments and increments inside expressions, in loop conditions and in for iterators.</summary>
    private Stmt SideEffect(Scope scope)
    {
        if (scope.Writable.Count < 2 || scope.Counter is null) return Assignment(scope);
        Uses("side-effects");
        string t = Pick(scope.Writable);
        string u = Pick(scope.Writable.Where(v => v != t).ToList());
        string c = scope.Counter!;
        string e = Bounded(Expr(scope, 2));
        (string buffer, int length)? b = scope.Buffers.Count > 0 ? Pick(scope.Buffers) : null;
        switch (_rng.Next(b is null ? 7 : 9))
        {
            case 0: return new LineStmt($"{t} = ({u} = {e}) * 0.5 + {u};");
            case 1: return new LineStmt($"{t} += {e} * ({c}++ % 3);");
            case 2: return new LineStmt($"{t} = {u} + ({t} += {e}) * 0.25;");
            case 3: return new LineStmt($"if ({c}++ < 2) {t} = {e};");
            case 4: return new LineStmt($"{t} = {u}++ * 0.5 + {u};");
            case 5:
            {
                string k = Fresh("n");
                return new LineStmt($"{{ int {k} = 3; while ({k}-- > 0) {t} = Math.Tanh({t} + {e}); }}");
            }
            case 6:
            {
                string i = Fresh("i");
                return new LineStmt($"for (int {i} = 0; {i} < 3; {t} += 0.1 * {i}++) {u} = 0.9 * {u} + 0.1 * Math.Sin({e});");
            }
            case 7:
            {
                string index = Index(scope, b!.Value.buffer);
                return new LineStmt($"{t} = ++{b.Value.buffer}[{index}] * 0.5 + {b.Value.buffer}[{index}]--;");
            }
            default:
            {
                string index = Index(scope, b!.Value.buffer);
                return new LineStmt($"{t} += ({b.Value.buffer}[{index}] += {e}) * 0.5;");
            }
        }
    }

    /// <summary>Comparisons, switch statements and switch expressions on an enum parameter.</summary>
    private Stmt EnumStatement(Scope scope)
    {
        if (scope.Writable.Count == 0) return Assignment(scope);
        string t = Pick(scope.Writable);
        return new LineStmt(_rng.Next(3) switch
        {
            0 => $"if (mode == Mode.A) {t} = {Bounded(Expr(scope, 2))}; else if (mode != Mode.C) {t} += {Bounded(Expr(scope, 2))};",
            1 => $"switch (mode) {{ case Mode.A: {t} = {Bounded(Expr(scope, 2))}; break; case Mode.B: {t} *= 0.5; break; default: {t} -= {Bounded(Expr(scope, 2))}; break; }}",
            _ => $"{t} = mode switch {{ Mode.A => {Bounded(Expr(scope, 2))}, Mode.B => {t} * 0.5, _ => {Bounded(Expr(scope, 2))} }};",
        });
    }

    private static string Bounded(string e) => "Math.Tanh(" + e + ")";

    private string Index(Scope scope, string span)
    {
        foreach (var (counter, target) in scope.Indexes)
        {
            if (target == span && scope.Ints.Contains(counter) && Chance(0.6)) return counter;
        }
        int length = scope.Spans.First(s => s.Name == span).Length;
        if (scope.Ints.Count == 0 || Chance(0.25))
        {
            return length > 0 ? _rng.Next(length).ToString(CultureInfo.InvariantCulture) : $"{_rng.Next(3)} % {span}.Length";
        }
        string i = Pick(scope.Ints);
        string inner = _rng.Next(4) switch
        {
            0 => i,
            1 => $"{i} + {1 + _rng.Next(3)}",
            2 => $"2 * {i}",
            _ => scope.Ints.Count > 1 ? $"{i} + {Pick(scope.Ints)}" : $"{i} + 1",
        };
        return $"({inner}) % {span}.Length";
    }

    private static readonly string[] Unary =
    {
        "Math.Sin({0})", "Math.Cos({0})", "Math.Tanh({0})", "Math.Atan({0})", "Math.Exp(Math.Sin({0}))",
        "Math.Exp(0.5 * Math.Tanh({0}))", "Math.Log(1.5 + Math.Sin({0}))", "Math.Log(Math.Abs({0}) + 0.5)",
        "Math.Sqrt(2.0 + Math.Cos({0}))", "Math.Cbrt({0})", "Math.Pow({0}, 2.0)", "Math.Pow({0}, 3)",
        "Math.Tan(Math.Sin({0}))", "Math.Asin(0.9 * Math.Tanh({0}))", "Math.Acos(0.9 * Math.Sin({0}))",
        "Math.Sinh(Math.Sin({0}))", "Math.Cosh(Math.Tanh({0}))", "Math.Asinh({0})", "Math.Acosh(2.5 + Math.Sin({0}))",
        "Math.Atanh(0.8 * Math.Tanh({0}))", "double.Exp2(Math.Sin({0}))", "double.Exp10(0.5 * Math.Sin({0}))",
        "double.ExpM1(Math.Tanh({0}))", "Math.Log2(2.0 + Math.Cos({0}))", "Math.Log10(2.0 + Math.Sin({0}))",
        "double.LogP1(1.0 + Math.Sin({0}))", "Math.Log(2.0 + Math.Sin({0}), 3.0)",
        "Math.Abs({0})", "Math.Clamp({0}, -1.0, 1.0)", "Math.Floor({0})", "Math.Ceiling({0})", "Math.Round({0})",
        "Math.Truncate({0})", "({0} % 1.5)", "(double)Math.Sign({0})", "(-({0}))", "(+{0})",
        "Math.Sqrt(Math.Max({0}, 0.0) + 0.5)", "Math.Max(0.0, {0})", "Math.Min({0}, 0.5)", "({0} > 0.0 ? {0} : 0.0)",
        "(Math.Sign({0}) * Math.Sqrt(Math.Abs({0}) + 0.1))", "({0} * ({0} > 0.25 ? 1.0 : 0.0))",
    };

    private static readonly string[] Binary =
    {
        "({0} + {1})", "({0} - {1})", "({0} * {1})", "({0} + {1})", "({0} - {1})", "({0} * {1})",
        "({0} / (1.5 + {1} * {1}))", "({0} / (2.0 + Math.Cos({1})))",
        "Math.Pow(1.5 + Math.Sin({0}), Math.Cos({1}))", "double.Hypot({0}, 1.0 + {1} * {1})",
        "Math.Atan2({0}, 1.5 + Math.Cos({1}))", "Math.Log(1.5 + Math.Cos({0}), 2.5 + Math.Sin({1}))",
        "Math.Max({0}, {1})", "Math.Min({0}, {1})", "(Math.Sign({0}) * {1})", "(Math.Floor({0}) * {1})",
    };

    private string Expr(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.25)) return Leaf(scope);
        double roll = _rng.NextDouble();
        if (roll < 0.35) return BinaryOf(Expr(scope, depth - 1), Leaf(scope));
        if (roll < 0.45) return BinaryOf(Leaf(scope), Expr(scope, depth - 1));
        if (roll < 0.75) return string.Format(CultureInfo.InvariantCulture, Pick(Unary), Expr(scope, depth - 1));
        if (roll < 0.8) return $"Math.FusedMultiplyAdd({Expr(scope, depth - 1)}, {Leaf(scope)}, {Leaf(scope)})";
        if (roll < 0.88) return $"({Condition(scope, 1)} ? {Expr(scope, depth - 1)} : {Expr(scope, depth - 1)})";
        var callable = scope.Callable.Where(m => _kinds[m] is HelperKind.Scalar or HelperKind.Span).ToList();
        if (callable.Count > 0)
        {
            FuzzMethod m = Pick(callable);
            if (_kinds[m] == HelperKind.Scalar) return $"{m.Name}({Expr(scope, depth - 1)}, {Leaf(scope)})";
            var spans = scope.Spans.Select(s => s.Name).ToList();
            if (spans.Count > 0) return $"{m.Name}({Expr(scope, depth - 1)}, {Pick(spans)})";
        }
        return BinaryOf(Expr(scope, depth - 1), Expr(scope, depth - 1));
    }

    private string BinaryOf(string left, string right)
    {
        string template = Pick(Binary);
        return string.Format(CultureInfo.InvariantCulture, template, left, right);
    }

    private string Leaf(Scope scope)
    {
        double roll = _rng.NextDouble();
        if (roll < 0.15) return Literal();
        if (roll < 0.35 && scope.Spans.Count > 0)
        {
            string span = Pick(scope.Spans).Name;
            return $"{span}[{Index(scope, span)}]";
        }
        if (roll < 0.42 && scope.Ints.Count > 0) return $"({Pick(scope.Ints)} * {Pick(new[] { "0.25", "0.5", "-0.3" })})";
        return Pick(scope.Doubles);
    }

    private string Condition(Scope scope, int depth)
    {
        double roll = _rng.NextDouble();
        if (depth > 0 && roll < 0.15) return $"({Condition(scope, depth - 1)} && {Condition(scope, depth - 1)})";
        if (depth > 0 && roll < 0.25) return $"({Condition(scope, depth - 1)} || {Condition(scope, depth - 1)})";
        if (depth > 0 && roll < 0.3) return $"!({Condition(scope, depth - 1)})";
        if (roll < 0.4 && scope.Ints.Count > 0)
        {
            string i = Pick(scope.Ints);
            return _rng.Next(3) switch { 0 => $"{i} % 2 == 0", 1 => $"{i} > {_rng.Next(3)}", _ => $"{i} <= 1" };
        }
        string op = Pick(new[] { "<", ">", "<=", ">=", "<", ">" });
        string left = Expr(scope, 1);
        string right = Chance(0.5) ? Leaf(scope) : Pick(new[] { "0.0", "0.5", "-0.25", "1.0" });
        // A self-comparison ("v1 > v1") is a warning (CS1718) in the user's code: programs stay warning-free.
        if (right == left || left.Replace("(+", "(").Trim('(', ')') == right) right = "0.75";
        return $"{left} {op} {right}";
    }
}
