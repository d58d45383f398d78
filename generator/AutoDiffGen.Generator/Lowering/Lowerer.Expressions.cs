using System.Linq;
using System;
using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class Lowerer
{
    private readonly Dictionary<string, int> _externals = new();

    /// <summary>
    /// Lowers a value that may carry a derivative: real-valued calls and conditional expressions are hoisted into
    /// temporaries (appended to <paramref name="output"/>), so each becomes a statement of its own.
    /// </summary>
    private IrExpr? LowerValue(IOperation operation, ScalarKind kind, List<IrStmt> output)
    {
        IrExpr? e = Guarded(operation, () => LowerExpr(operation, output, hoist: true));
        return e is null ? null : Ir.Convert(e, kind);
    }

    /// <summary>Lowers a value evaluated as is: conditions, indices, integers. Nothing is hoisted.</summary>
    private IrExpr? LowerPlain(IOperation operation, List<IrStmt> output) => Guarded(operation, () => LowerExpr(operation, output, hoist: false));

    /// <summary>
    /// Every lowering that fails must leave a diagnostic: a failure without one would drop the statement and
    /// generate code that silently computes something else.
    /// </summary>
    private IrExpr? Guarded(IOperation operation, System.Func<IrExpr?> lower)
    {
        int before = _diagnostics.Count;
        IrExpr? e = lower();
        if (e is null && _diagnostics.Count == before) ReportExpression(operation);
        return e;
    }

    private IrExpr? LowerExpr(IOperation op, List<IrStmt> output, bool hoist)
    {
        ScalarKind kind = op.Type is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(op.Type);
        if (op.ConstantValue.HasValue && op.ConstantValue.Value is not null && kind != ScalarKind.Opaque)
        {
            return Constant(op.ConstantValue.Value, kind);
        }
        if (TryModelRead(op, out IrExpr? modelRead)) return modelRead;
        if (GenericMathConstant(op) is IrExpr genericConstant) return genericConstant;
        if (kind == ScalarKind.Opaque && OpaqueConstant(op) is OpaqueExpr constant) return constant;
        switch (op)
        {
            case IConversionOperation conversion:
            {
                if (!IsBuiltInOperator(conversion.OperatorMethod, conversion.ConstrainedToType) || kind == ScalarKind.Opaque) break;
                IrExpr? inner = LowerExpr(conversion.Operand, output, hoist && kind.IsReal());
                return inner is null ? null : Ir.Convert(inner, kind);
            }
            case ILocalReferenceOperation local:
                if (_symbolVariables.TryGetValue(local.Local, out int id) && !_variables[id].IsSpan) return new VarExpr(_variables[id].Element, id);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals, OperatorMethod: not null } equality
                when kind == ScalarKind.Boolean && IsConstantOnly(equality.LeftOperand) && IsConstantOnly(equality.RightOperand):
            {
                // string == string, or any other type's equality: a constant comparison printed as written.
                IrExpr? left = LowerExpr(equality.LeftOperand, output, false);
                if (left is not null) left = Snapshot(left, new[] { equality.RightOperand }, output, equality.Syntax);
                IrExpr? right = LowerExpr(equality.RightOperand, output, false);
                return left is null || right is null ? null : new BinaryExpr(kind, MapBinary(equality.OperatorKind)!.Value, left, right);
            }
            case IParameterReferenceOperation parameter:
                if (_symbolVariables.TryGetValue(parameter.Parameter, out int pid))
                {
                    IrVariable v = _variables[pid];
                    if (!v.IsSpan && v.Element != ScalarKind.Opaque) return new VarExpr(v.Element, pid);
                    if (v.Element == ScalarKind.Opaque && !v.IsSpan) return new OpaqueExpr(ScalarKind.Opaque, v.Name);
                }
                break;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }:
                if (ElementParts(op) is (IOperation spanOp, IOperation indexOp)) return ReadElement(spanOp, indexOp, op, output);
                break;
            case IPropertyReferenceOperation { Property.Name: "Length" or "IsEmpty" } lengthOp when lengthOp.Instance is not null
                && ParameterClassifier.Describe(lengthOp.Instance.Type!).Shape != SpanShape.None:
            {
                if (LowerSpanArgument(lengthOp.Instance, output, requireWritable: false) is not SpanRefExpr span) return null;
                IrExpr length = span.Length ?? new LengthExpr(span.Span);
                return lengthOp.Property.Name == "Length" ? length : Ir.Compare(BinaryOp.Equal, length, Ir.Int(0));
            }
            case IMemberReferenceOperation member when kind != ScalarKind.Opaque && ReceiverText(member) is string text:
                // A constant field of a generic model's T ([NoDerivative] T Decay): its value as the specialization's kind.
                return new OpaqueExpr(kind, member.Type is ITypeParameterSymbol && kind.IsReal() ? $"{kind.Keyword()}.CreateTruncating({text})" : text);
            case IBinaryOperation binary:
            {
                if (!IsBuiltInOperator(binary.OperatorMethod, binary.ConstrainedToType) || MapBinary(binary.OperatorKind) is not BinaryOp bop || kind == ScalarKind.Opaque) break;
                if (bop is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr && HasSideEffects(binary.RightOperand))
                {
                    return LowerShortCircuit(binary, bop, output);
                }
                bool childHoist = hoist && kind.IsReal();
                IrExpr? left = LowerExpr(binary.LeftOperand, output, childHoist);
                if (left is not null) left = Snapshot(left, new[] { binary.RightOperand }, output, binary.Syntax);
                IrExpr? right = LowerExpr(binary.RightOperand, output, childHoist);
                return left is null || right is null ? null : new BinaryExpr(kind, bop, left, right);
            }
            case IUnaryOperation unary:
            {
                if (!IsBuiltInOperator(unary.OperatorMethod, unary.ConstrainedToType) || kind == ScalarKind.Opaque) break;
                IrExpr? operand = LowerExpr(unary.Operand, output, hoist && kind.IsReal());
                if (operand is null) return null;
                switch (unary.OperatorKind)
                {
                    case UnaryOperatorKind.Plus: return operand;
                    case UnaryOperatorKind.Minus: return new UnaryExpr(kind, UnaryOp.Negate, operand);
                    case UnaryOperatorKind.Not: return new UnaryExpr(kind, UnaryOp.Not, operand);
                    case UnaryOperatorKind.BitwiseNegation: return new UnaryExpr(kind, UnaryOp.BitwiseNot, operand);
                }
                break;
            }
            case IConditionalOperation { WhenFalse: not null } conditional when kind != ScalarKind.Opaque || IsConstantOnly(conditional):
                return LowerConditionalExpression(conditional, kind, output, hoist);
            case IInvocationOperation invocation:
                return LowerInvocationExpression(invocation, output, hoist);
            case ISwitchExpressionOperation switchExpression when kind != ScalarKind.Opaque || IsConstantOnly(switchExpression):
                return LowerSwitchExpression(switchExpression, kind, output, hoist);
            case IDefaultValueOperation when kind != ScalarKind.Opaque:
                return Constant(0, kind);
            case IDeconstructionAssignmentOperation:
                Report(DiagnosticDescriptors.UnsupportedExpression, op.Syntax, FirstLine(op.Syntax.ToString()), "use a deconstruction as a statement of its own");
                return null;
            case IIncrementOrDecrementOperation or IAssignmentOperation:
                return LowerStore(op, output);
        }
        ReportExpression(op);
        return null;
    }

    private void ReportExpression(IOperation op)
    {
        string wayOut = op switch
        {
            IAnonymousFunctionOperation or IDelegateCreationOperation => "lambdas are not differentiated; write a separate [Differentiable] method",
            IObjectCreationOperation or IArrayCreationOperation => "allocation is not supported; use stackalloc scratch spans or pass buffers in",
            IDynamicInvocationOperation or IDynamicMemberReferenceOperation => "dynamic is not supported; use static types",
            ITranslatedQueryOperation => "LINQ is not supported; write the loop",
            IAddressOfOperation => "pointers are not supported; use spans",
            ILocalReferenceOperation or IParameterReferenceOperation when ParameterClassifier.Describe(op.Type!).Shape != SpanShape.None
                => "a span is used here as a value; index it, take its Length, or pass it to a call",
            _ => "use double, float, int, long or bool values with + - * /, comparisons, Math functions and [Differentiable] calls",
        };
        Report(DiagnosticDescriptors.UnsupportedExpression, op.Syntax, FirstLine(op.Syntax.ToString()), wayOut);
    }

    private IrExpr? LowerConditionalExpression(IConditionalOperation conditional, ScalarKind kind, List<IrStmt> output, bool hoist)
    {
        IrExpr? condition = LowerPlain(conditional.Condition, output);
        // A choice between constants (a mask: x > 0 ? 1.0 : 0.0) carries no derivative: it stays an expression, which
        // the rules recognize as a selector.
        bool constantChoice = conditional.WhenTrue.ConstantValue.HasValue && conditional.WhenFalse!.ConstantValue.HasValue;
        if ((!(hoist && kind.IsReal()) || constantChoice) && !HasSideEffects(conditional.WhenTrue) && !HasSideEffects(conditional.WhenFalse))
        {
            IrExpr? a = LowerPlain(conditional.WhenTrue, output);
            IrExpr? b = LowerPlain(conditional.WhenFalse!, output);
            return condition is null || a is null || b is null ? null : new ConditionalExpr(kind, condition, Ir.Convert(a, kind), Ir.Convert(b, kind));
        }
        // The derivative flows through the branch taken only, so the choice becomes an if statement.
        int temp = _variables.Add("choice", kind, SpanShape.None, VariableRole.Temporary, numbered: true,
            kind == ScalarKind.Opaque ? TypeText(conditional.Type!) : null).Id;
        var thenBlock = new List<IrStmt>();
        var elseBlock = new List<IrStmt>();
        IrExpr? whenTrue = LowerValue(conditional.WhenTrue, kind, thenBlock);
        IrExpr? whenFalse = LowerValue(conditional.WhenFalse!, kind, elseBlock);
        if (condition is null || whenTrue is null || whenFalse is null) return null;
        LocationInfo? at = LocationInfo.From(conditional.Syntax);
        thenBlock.Add(new AssignStmt(at, temp, whenTrue));
        elseBlock.Add(new AssignStmt(at, temp, whenFalse));
        output.Add(new IfStmt(at, condition, thenBlock.ToEquatableArray(), elseBlock.ToEquatableArray()));
        return new VarExpr(kind, temp);
    }

    /// <summary>
    /// <c>v switch { 1 => a, 2 or 3 => b, _ => c }</c> becomes nested conditionals (hoisted into an if chain in value
    /// positions, like the conditional operator). The last arm must be <c>_</c>: without it C# throws when no arm
    /// matches, which a conditional cannot reproduce.
    /// </summary>
    private IrExpr? LowerSwitchExpression(ISwitchExpressionOperation switchExpression, ScalarKind kind, List<IrStmt> output, bool hoist)
    {
        var arms = switchExpression.Arms;
        if (arms.Length == 0 || arms[arms.Length - 1].Pattern is not IDiscardPatternOperation || arms[arms.Length - 1].Guard is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, switchExpression.Syntax, "a switch expression without a final '_' arm",
                "end it with '_ => …' so every value has an arm");
            return null;
        }
        ScalarKind selectorKind = switchExpression.Value.Type is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(switchExpression.Value.Type);
        IrExpr? selectorValue = LowerPlain(switchExpression.Value, output);
        if (selectorValue is null) return null;
        int selector = _variables.Add("selector", selectorKind, SpanShape.None, VariableRole.Temporary, numbered: true,
            selectorKind == ScalarKind.Opaque ? TypeText(switchExpression.Value.Type!) : null).Id;
        output.Add(new AssignStmt(LocationInfo.From(switchExpression.Syntax), selector, selectorValue));
        var tests = new List<IrExpr>();
        for (int i = 0; i < arms.Length - 1; i++)
        {
            if (arms[i].Guard is not null || PatternTest(arms[i].Pattern, new VarExpr(selectorKind, selector), selectorKind) is not IrExpr test)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, arms[i].Syntax, FirstLine(arms[i].Syntax.ToString()),
                    "switch arms may test constants (1 =>, 2 or 3 =>, not 0 =>) with a final _ arm; no guards");
                return null;
            }
            tests.Add(test);
        }
        if (!(hoist && kind.IsReal()) && !arms.Any(a => HasSideEffects(a.Value)))
        {
            IrExpr? result = LowerPlain(arms[arms.Length - 1].Value, output);
            for (int i = arms.Length - 2; i >= 0 && result is not null; i--)
            {
                IrExpr? armValue = LowerPlain(arms[i].Value, output);
                result = armValue is null ? null : new ConditionalExpr(kind, tests[i], Ir.Convert(armValue, kind), Ir.Convert(result, kind));
            }
            return result;
        }
        int temp = _variables.Add("choice", kind, SpanShape.None, VariableRole.Temporary, numbered: true,
            kind == ScalarKind.Opaque ? TypeText(switchExpression.Type!) : null).Id;
        LocationInfo? at = LocationInfo.From(switchExpression.Syntax);
        var chain = new List<IrStmt>();
        IrExpr? last = LowerValue(arms[arms.Length - 1].Value, kind, chain);
        if (last is null) return null;
        chain.Add(new AssignStmt(at, temp, last));
        for (int i = arms.Length - 2; i >= 0; i--)
        {
            var armBlock = new List<IrStmt>();
            IrExpr? armValue = LowerValue(arms[i].Value, kind, armBlock);
            if (armValue is null) return null;
            armBlock.Add(new AssignStmt(at, temp, armValue));
            chain = new List<IrStmt> { new IfStmt(at, tests[i], armBlock.ToEquatableArray(), chain.ToEquatableArray()) };
        }
        output.AddRange(chain);
        return new VarExpr(kind, temp);
    }

    /// <summary>The test of a constant pattern (<c>1</c>, <c>1 or 2</c>, <c>not 0</c>); null for anything else.</summary>
    private IrExpr? PatternTest(IPatternOperation pattern, IrExpr value, ScalarKind kind) => pattern switch
    {
        IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: not null } c } constant
            => Ir.Compare(BinaryOp.Equal, value, kind == ScalarKind.Opaque ? OpaqueConstant(constant.Value)! : Constant(c.Value!, kind)),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either when PatternTest(either.LeftPattern, value, kind) is IrExpr l && PatternTest(either.RightPattern, value, kind) is IrExpr r
            => new BinaryExpr(ScalarKind.Boolean, BinaryOp.ConditionalOr, l, r),
        INegatedPatternOperation negated when PatternTest(negated.Pattern, value, kind) is IrExpr inner => Ir.Not(inner),
        _ => null,
    };

    private IrExpr? ReadElement(IOperation spanOp, IOperation indexOp, IOperation whole, List<IrStmt> output)
    {
        IrExpr? index = LowerPlain(indexOp, output);
        if (index is null) return null;
        if (Unwrap(spanOp) is ILocalReferenceOperation { Local: var local } && _aliases.TryGetValue(local, out SpanAlias? alias))
        {
            return new ElementExpr(alias.Element, alias.Base, AliasIndex(alias, index));
        }
        if (SpanVariableOf(spanOp) is not int span)
        {
            ReportExpression(whole);
            return null;
        }
        return new ElementExpr(_variables[span].Element, span, index);
    }

    private static IrExpr AliasIndex(SpanAlias alias, IrExpr index) =>
        new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, new VarExpr(ScalarKind.Int32, alias.StartVar), index);

    /// <summary>The span variable an operation names: a span or array local or parameter, or a field holding an array.</summary>
    private int? SpanVariableOf(IOperation op)
    {
        op = Unwrap(op);
        if (ModelArrayView(op) is int view) return view;
        switch (op)
        {
            case ILocalReferenceOperation local when _symbolVariables.TryGetValue(local.Local, out int id) && _variables[id].IsSpan:
                return id;
            case IParameterReferenceOperation parameter when _symbolVariables.TryGetValue(parameter.Parameter, out int pid) && _variables[pid].IsSpan:
                return pid;
            case IMemberReferenceOperation member when ParameterClassifier.Describe(member.Type!) is var d && d.Shape != SpanShape.None
                && d.Element != ScalarKind.Opaque && ReceiverText(member) is string access:
                // A constant array of a generic model's T ([NoDerivative] T[] Mask) is viewed in place as the specialization's kind.
                string text = ModelValues.Specialized(access, ElementTypeParameter(member.Type!), d.Element, d.Shape);
                if (!_externals.TryGetValue(text, out int ext))
                {
                    ext = AddVariable(text, d.Element, d.Shape, VariableRole.External, ParameterRole.Constant);
                    _externals[text] = ext;
                }
                return ext;
            default:
                return null;
        }
    }

    /// <summary>The name of the type parameter a type is an array or span of (<c>T[]</c>, <c>Span&lt;T&gt;</c>), or null.</summary>
    private static string? ElementTypeParameter(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol { ElementType: ITypeParameterSymbol t } => t.Name,
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named when named.TypeArguments[0] is ITypeParameterSymbol t => t.Name,
        _ => null,
    };

    /// <summary>
    /// The printable text of a constant member access: <c>this.f</c>, <c>global::N.T.F</c>, or a member of a constant
    /// parameter. Null when the receiver is anything else.
    /// </summary>
    private string? ReceiverText(IOperation op)
    {
        switch (op)
        {
            case IInstanceReferenceOperation:
                return "this";
            case IParameterReferenceOperation p when _symbolVariables.TryGetValue(p.Parameter, out int id)
                && _variables[id].Element == ScalarKind.Opaque && !_variables[id].IsSpan:
                return p.Parameter.Name;
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false, Arguments.Length: 0 }:
            {
                var member = (IMemberReferenceOperation)op;
                if (member.Member.IsStatic) return CallResolver.Qualified(member.Member.ContainingType) + "." + member.Member.Name;
                if (member.Instance is null) return null;
                string? receiver = ReceiverText(member.Instance);
                return receiver is null ? null : receiver + "." + member.Member.Name;
            }
            default:
                return null;
        }
    }

    private static IrExpr Constant(object value, ScalarKind kind)
    {
        switch (kind)
        {
            case ScalarKind.Boolean:
                return Ir.Bool(value is bool b && b);
            case ScalarKind.Int64:
            {
                long l = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return new ConstExpr(kind, l, l.ToString(CultureInfo.InvariantCulture) + "L");
            }
            case ScalarKind.Int32:
            {
                int i = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                return new ConstExpr(kind, i, i.ToString(CultureInfo.InvariantCulture));
            }
            default:
                return Ir.Const(Convert.ToDouble(value, CultureInfo.InvariantCulture), kind);
        }
    }

    private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.LessThan => BinaryOp.Less,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
        BinaryOperatorKind.Equals => BinaryOp.Equal,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
        BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
        BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.Or => BinaryOp.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOp.Xor,
        BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
        BinaryOperatorKind.RightShift => BinaryOp.RightShift,
        _ => null,
    };
}
