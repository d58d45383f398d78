using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Assignments, compound assignments and increments wherever they stand: as statements, and inside expressions
/// (<c>y = (x = a * b) + 1</c>, <c>s += a[i++]</c>, <c>while (n-- &gt; 0)</c>). Each becomes statements of its own,
/// appended in C#'s left-to-right evaluation order; an operand evaluated before a later operand's side effect, and
/// reading what that side effect writes, is kept in a temporary first, so it keeps the value C# gives it.
/// </summary>
internal sealed partial class Lowerer
{
    /// <summary>A place a store writes: a scalar variable, or an element of a span variable at an index already lowered.</summary>
    private readonly record struct StoreTarget(int Var, int Span, IrExpr? Index, ScalarKind Kind)
    {
        public IrExpr Read() => Index is null ? new VarExpr(Kind, Var) : new ElementExpr(Kind, Span, Index);

        public IrStmt Write(LocationInfo? at, IrExpr value) =>
            Index is null ? new AssignStmt(at, Var, value) : new ElementAssignStmt(at, Span, Index, value);
    }

    /// <summary>Whether evaluating <paramref name="op"/> assigns anything.</summary>
    private static bool HasSideEffects(IOperation? op) =>
        op is not null && op.DescendantsAndSelf().Any(o => o is IAssignmentOperation or IIncrementOrDecrementOperation);

    /// <summary>The variables (spans for element writes) that the side effects inside <paramref name="op"/> may write.</summary>
    private HashSet<int> WrittenBy(IOperation op)
    {
        var set = new HashSet<int>();
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            IOperation? target = o switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            if (target is not null) AddWritten(target, set);
        }
        return set;
    }

    private void AddWritten(IOperation target, HashSet<int> set)
    {
        target = Unwrap(target);
        switch (target)
        {
            case ITupleOperation tuple:
                foreach (IOperation element in tuple.Elements) AddWritten(element, set);
                return;
            case IDeclarationExpressionOperation declaration:
                AddWritten(declaration.Expression, set);
                return;
            case ILocalReferenceOperation local:
                if (_symbolVariables.TryGetValue(local.Local, out int id)) set.Add(id);
                if (_aliases.TryGetValue(local.Local, out SpanAlias? alias)) set.Add(alias.Base);
                return;
            case IParameterReferenceOperation parameter:
                if (_symbolVariables.TryGetValue(parameter.Parameter, out int pid)) set.Add(pid);
                return;
        }
        if (ElementParts(target) is (IOperation spanOp, _))
        {
            if (Unwrap(spanOp) is ILocalReferenceOperation { Local: var l } && _aliases.TryGetValue(l, out SpanAlias? a)) set.Add(a.Base);
            else if (SpanVariableOf(spanOp) is int span) set.Add(span);
        }
    }

    /// <summary>
    /// Keeps the value of an operand that C# has already evaluated when a later operand's side effect writes what it
    /// reads (<c>x + (x = 2)</c> adds the old x): the operand is assigned to a temporary first.
    /// </summary>
    private IrExpr Snapshot(IrExpr e, IEnumerable<IOperation?> later, List<IrStmt> output, SyntaxNode where)
    {
        if (e is ConstExpr or OpaqueExpr or SpanRefExpr) return e;
        var written = new HashSet<int>();
        foreach (IOperation? op in later)
        {
            if (HasSideEffects(op)) written.UnionWith(WrittenBy(op!));
        }
        if (written.Count == 0 || !ExpressionReads.Of(e).Overlaps(written)) return e;
        string stem = e is VarExpr v ? _variables[v.Var].Name.TrimStart('@') + "Before" : "operand";
        string? typeText = e is VarExpr ov ? _variables[ov.Var].TypeText : null;
        int temp = _variables.Add(stem, e.Type, SpanShape.None, VariableRole.Temporary, numbered: true, typeText).Id;
        output.Add(new AssignStmt(LocationInfo.From(where), temp, e));
        return new VarExpr(e.Type, temp);
    }

    /// <summary>
    /// Lowers <c>t = v</c>, <c>t op= v</c>, <c>t++</c>, <c>++t</c> (and <c>--</c>) on a local, a parameter or a span
    /// element, appending its statements; returns the value the expression has in C# (the target after the store, or
    /// the old value for a postfix increment), or null after reporting why it cannot be lowered.
    /// </summary>
    private IrExpr? LowerStore(IOperation operation, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(operation.Syntax);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
            {
                if (!CheckStoreTarget(assignment.Target)) return null;
                ScalarKind kind = KindOf(assignment.Target);
                if (ResolveTarget(assignment.Target, kind, output, later: assignment.Value) is not StoreTarget target) return null;
                IrExpr? value = kind == ScalarKind.Opaque ? LowerPlain(assignment.Value, output) : LowerValue(assignment.Value, kind, output);
                if (value is null) return null;
                output.Add(target.Write(at, value));
                return target.Read();
            }
            case ICompoundAssignmentOperation compound:
            {
                if (!CheckStoreTarget(compound.Target)) return null;
                ScalarKind kind = KindOf(compound.Target);
                if (kind == ScalarKind.Opaque || !IsBuiltInOperator(compound.OperatorMethod, compound.ConstrainedToType) || MapBinary(compound.OperatorKind) is not BinaryOp op)
                {
                    Unsupported(compound, $"operator '{FirstLine(compound.Syntax.ToString())}'", "use + - * / on numbers");
                    return null;
                }
                if (ResolveTarget(compound.Target, kind, output, later: compound.Value) is not StoreTarget target) return null;
                // x op= v is x = (T)(x op v), computed in the operator's type; x is read before v is evaluated.
                IrExpr current = Snapshot(target.Read(), new[] { compound.Value }, output, compound.Syntax);
                ScalarKind opKind = kind.Wider(ParameterClassifier.ScalarOf(compound.Value.Type!));
                IrExpr? right = opKind.IsReal() ? LowerValue(compound.Value, opKind, output) : LowerPlain(compound.Value, output);
                if (right is null) return null;
                output.Add(target.Write(at, Ir.Convert(new BinaryExpr(opKind, op, Ir.Convert(current, opKind), Ir.Convert(right, opKind)), kind)));
                return target.Read();
            }
            case IIncrementOrDecrementOperation increment:
            {
                if (!CheckStoreTarget(increment.Target)) return null;
                ScalarKind kind = KindOf(increment.Target);
                if (kind == ScalarKind.Opaque || !IsBuiltInOperator(increment.OperatorMethod, increment.ConstrainedToType))
                {
                    Unsupported(increment, $"operator '{FirstLine(increment.Syntax.ToString())}'", "increment numbers");
                    return null;
                }
                if (ResolveTarget(increment.Target, kind, output, later: null) is not StoreTarget target) return null;
                IrExpr one = kind.IsReal() ? Ir.Const(1, kind) : Ir.Integer(1, kind);
                bool isIncrement = increment.Kind == OperationKind.Increment;
                IrExpr? old = null;
                if (increment.IsPostfix && operation.Parent is not IExpressionStatementOperation)
                {
                    // The value of x++ is x before the increment.
                    string stem = (target.Index is null ? _variables[target.Var].Name : _variables[target.Span].Name).TrimStart('@') + "Before";
                    int temp = _variables.Add(stem, kind, SpanShape.None, VariableRole.Temporary, numbered: true).Id;
                    output.Add(new AssignStmt(at, temp, target.Read()));
                    old = new VarExpr(kind, temp);
                }
                output.Add(target.Write(at, new BinaryExpr(kind, isIncrement ? BinaryOp.Add : BinaryOp.Subtract, target.Read(), one)));
                return old ?? target.Read();
            }
            case IDeconstructionAssignmentOperation deconstruction:
                return LowerDeconstruction(deconstruction, output) ? Ir.Bool(true) : null;
        }
        ReportExpression(operation);
        return null;
    }

    private static ScalarKind KindOf(IOperation target) => target.Type is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(target.Type);

    /// <summary>Reports a target the IR cannot store into (a span variable itself, a field, a property).</summary>
    private bool CheckStoreTarget(IOperation target)
    {
        if (target.Type is not null && ParameterClassifier.Describe(target.Type).Shape != SpanShape.None
            && Unwrap(target) is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            Report(DiagnosticDescriptors.SpanMisuse, target.Syntax, target.Syntax.ToString(), "is reassigned",
                "declare a new span local for the new view instead of reassigning");
            return false;
        }
        return true;
    }

    /// <summary>
    /// The variable or element a store writes, with the element's index lowered now (C# evaluates it before the value)
    /// and kept in a temporary when <paramref name="later"/> writes what it reads.
    /// </summary>
    private StoreTarget? ResolveTarget(IOperation target, ScalarKind kind, List<IrStmt> output, IOperation? later)
    {
        switch (Unwrap(target))
        {
            case ILocalReferenceOperation local when _symbolVariables.TryGetValue(local.Local, out int id) && !_variables[id].IsSpan:
                return new StoreTarget(id, -1, null, _variables[id].Element);
            case IParameterReferenceOperation parameter when _symbolVariables.TryGetValue(parameter.Parameter, out int pid)
                && !_variables[pid].IsSpan && _variables[pid].Element != ScalarKind.Opaque:
                return new StoreTarget(pid, -1, null, _variables[pid].Element);
        }
        int before = _diagnostics.Count;
        if (LowerElementTarget(target, output) is (int span, IrExpr index))
        {
            if (later is not null) index = Snapshot(index, new[] { later }, output, target.Syntax);
            return new StoreTarget(-1, span, index, _variables[span].Element);
        }
        if (_diagnostics.Count == before)
        {
            Unsupported(target, $"assignment to '{FirstLine(target.Syntax.ToString())}'",
                kind == ScalarKind.Opaque
                    ? "assign locals of double, float, int, long, bool or an enum, and span elements"
                    : "assign only locals, parameters and elements of span locals or Span<T> outputs");
        }
        return null;
    }

    /// <summary>
    /// <c>(a, b) = (b, a)</c> on scalars: every value on the right is evaluated (left to right) before any target is
    /// written, as in C#.
    /// </summary>
    private bool LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(deconstruction.Syntax);
        if (Unwrap(deconstruction.Target) is not ITupleOperation targets || Unwrap(deconstruction.Value) is not ITupleOperation values
            || targets.Elements.Length != values.Elements.Length || targets.Elements.Any(t => t is ITupleOperation or IDeclarationExpressionOperation))
        {
            Unsupported(deconstruction, "this deconstruction", "deconstruct a tuple of values into existing variables: (a, b) = (b, a)");
            return false;
        }
        var stores = new List<(StoreTarget Target, IrExpr Value)>();
        var resolved = new List<StoreTarget>();
        foreach (IOperation t in targets.Elements)
        {
            if (!CheckStoreTarget(t)) return false;
            if (ResolveTarget(t, KindOf(t), output, later: deconstruction.Value) is not StoreTarget target) return false;
            resolved.Add(target);
        }
        for (int i = 0; i < values.Elements.Length; i++)
        {
            ScalarKind kind = resolved[i].Kind;
            IrExpr? value = kind == ScalarKind.Opaque ? LowerPlain(values.Elements[i], output) : LowerValue(values.Elements[i], kind, output);
            if (value is null) return false;
            if (!(value is ConstExpr or OpaqueExpr))
            {
                // Every target is written only after all values are known.
                int temp = _variables.Add("tupleItem", kind, SpanShape.None, VariableRole.Temporary, numbered: true,
                    value is VarExpr v ? _variables[v.Var].TypeText : null).Id;
                output.Add(new AssignStmt(at, temp, value));
                value = new VarExpr(kind, temp);
            }
            stores.Add((resolved[i], value));
        }
        foreach ((StoreTarget target, IrExpr value) in stores) output.Add(target.Write(at, value));
        return true;
    }

    /// <summary>
    /// <c>a &amp;&amp; b</c> or <c>a || b</c> whose right operand assigns something: the right operand runs only when C# evaluates it.
    /// </summary>
    private IrExpr? LowerShortCircuit(IBinaryOperation binary, BinaryOp op, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(binary.Syntax);
        IrExpr? left = LowerPlain(binary.LeftOperand, output);
        if (left is null) return null;
        int temp = AddTemporary("condition", ScalarKind.Boolean);
        output.Add(new AssignStmt(at, temp, left));
        var rightBlock = new List<IrStmt>();
        IrExpr? right = LowerPlain(binary.RightOperand, rightBlock);
        if (right is null) return null;
        rightBlock.Add(new AssignStmt(at, temp, right));
        var value = new VarExpr(ScalarKind.Boolean, temp);
        output.Add(new IfStmt(at, op == BinaryOp.ConditionalAnd ? value : Ir.Not(value), rightBlock.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
        return value;
    }

    /// <summary>The fully qualified C# name of a type, for locals the generated code declares.</summary>
    private static string TypeText(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>Whether a value is a constant of a type the IR does not compute with (an enum, a string): it is only compared and passed on.</summary>
    private static bool IsConstantOnly(IOperation op) =>
        op.Type is not null && ParameterClassifier.ScalarOf(op.Type) == ScalarKind.Opaque && ParameterClassifier.Describe(op.Type).Shape == SpanShape.None
        && !op.Type.IsRefLikeType;

    /// <summary>
    /// A compile-time constant of an enum or string type as C# text: <c>global::N.OptionType.Call</c>,
    /// <c>((global::N.Flags)3)</c>, <c>"call"</c>; null when <paramref name="op"/> is no such constant.
    /// </summary>
    private static OpaqueExpr? OpaqueConstant(IOperation op)
    {
        if (!op.ConstantValue.HasValue || op.Type is null) return null;
        object? value = op.ConstantValue.Value;
        if (op.Type.TypeKind == TypeKind.Enum)
        {
            if (Unwrap(op) is IFieldReferenceOperation { Field: { IsConst: true } field } && SymbolEqualityComparer.Default.Equals(field.ContainingType, op.Type))
            {
                return new OpaqueExpr(ScalarKind.Opaque, CallResolver.Qualified(field.ContainingType) + "." + field.Name);
            }
            if (value is null) return null;
            return new OpaqueExpr(ScalarKind.Opaque, "((" + TypeText(op.Type) + ")" + System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) + ")");
        }
        if (value is string text) return new OpaqueExpr(ScalarKind.Opaque, Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true));
        if (value is char c) return new OpaqueExpr(ScalarKind.Opaque, Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true));
        return null;
    }
}
