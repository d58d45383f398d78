using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class Lowerer
{
    private void LowerStatement(IOperation operation, List<IrStmt> output)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        LocationInfo? at = LocationInfo.From(operation.Syntax);
        switch (operation)
        {
            case IBlockOperation block:
                foreach (IOperation child in block.Operations) LowerStatement(child, output);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        IVariableInitializerOperation? init = declarator.Initializer ?? declaration.Initializer;
                        LowerDeclaration(declarator, init?.Value, output);
                    }
                }
                break;
            case IExpressionStatementOperation statement:
                LowerExpressionStatement(statement.Operation, output);
                break;
            case IReturnOperation ret:
                if (ret.ReturnedValue is null)
                {
                    output.Add(new ReturnStmt(at, null));
                }
                else
                {
                    IrExpr? value = LowerValue(ret.ReturnedValue, _variables[_resultVar].Element, output);
                    if (value is not null) output.Add(new ReturnStmt(at, value));
                }
                break;
            case IConditionalOperation conditional:
            {
                IrExpr? condition = LowerCondition(conditional.Condition, output);
                var thenBlock = new List<IrStmt>();
                LowerStatement(conditional.WhenTrue, thenBlock);
                var elseBlock = new List<IrStmt>();
                if (conditional.WhenFalse is not null) LowerStatement(conditional.WhenFalse, elseBlock);
                if (condition is not null) output.Add(new IfStmt(at, condition, thenBlock.ToEquatableArray(), elseBlock.ToEquatableArray()));
                break;
            }
            case IForLoopOperation forLoop:
                LowerFor(forLoop, output);
                break;
            case IWhileLoopOperation whileLoop:
                LowerWhile(whileLoop, output);
                break;
            case IForEachLoopOperation forEach:
                LowerForEach(forEach, output);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break }:
                output.Add(new BreakStmt(at));
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue }:
                output.Add(new ContinueStmt(at));
                break;
            case IEmptyOperation:
                break;
            case IThrowOperation:
                LowerThrow(operation, output);
                break;
            case ILocalFunctionOperation:
                // Lowered on its own (Lowerer.LocalFunctions.cs); its declaration does nothing where it stands.
                break;
            case ISwitchOperation switchOperation:
                LowerSwitch(switchOperation, output);
                break;
            default:
                Unsupported(operation, Describe(operation), WayOut(operation));
                break;
        }
    }

    private void Unsupported(IOperation operation, string construct, string wayOut) =>
        Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, construct, wayOut);

    private static string Describe(IOperation operation) => operation.Kind switch
    {
        OperationKind.Branch => "goto",
        OperationKind.Try => "try/catch/finally",
        OperationKind.Lock => "lock",
        OperationKind.Using or OperationKind.UsingDeclaration => "using",
        OperationKind.Labeled => "a labeled statement",
        _ => FirstLine(operation.Syntax.ToString()),
    };

    private static string WayOut(IOperation operation) => operation.Kind switch
    {
        OperationKind.Branch => "use structured if/else and loops with break/continue",
        OperationKind.Try => "move exception handling out of the differentiable method",
        OperationKind.Lock => "synchronize outside the differentiable method",
        OperationKind.Using or OperationKind.UsingDeclaration => "create and dispose resources outside the differentiable method",
        _ => "see the supported C# subset in the README",
    };

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        string line = (newline < 0 ? text : text.Substring(0, newline)).Trim();
        return line.Length > 60 ? line.Substring(0, 57) + "..." : line;
    }

    /// <summary>
    /// Keeps <c>throw new E(args)</c> with E fully qualified (the generated file has no usings). Arguments may use
    /// literals, parameters and <c>nameof</c> only: locals are renamed, and other names may not resolve there.
    /// </summary>
    /// <summary>
    /// A switch on constant labels becomes an if / else-if chain (default last). A section's closing <c>break</c>
    /// leaves the switch; any other <c>break</c> inside a section would too, which the chain cannot express.
    /// </summary>
    private void LowerSwitch(ISwitchOperation switchOperation, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(switchOperation.Syntax);
        ScalarKind kind = switchOperation.Value.Type is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(switchOperation.Value.Type);
        if (kind == ScalarKind.Opaque && !IsConstantOnly(switchOperation.Value))
        {
            Unsupported(switchOperation, "switch on this type", "switch on a number, bool, enum or string");
            return;
        }
        IrExpr? value = LowerPlain(switchOperation.Value, output);
        if (value is null) return;
        // The value is evaluated once, as C# does.
        int selector = _variables.Add("selector", kind, SpanShape.None, VariableRole.Temporary, numbered: true,
            kind == ScalarKind.Opaque ? TypeText(switchOperation.Value.Type!) : null).Id;
        output.Add(new AssignStmt(at, selector, value));
        var sections = new List<(IrExpr? Condition, List<IrStmt> Body)>();
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            IrExpr? condition = null;
            bool isDefault = false;
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                IrExpr? test;
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        isDefault = true;
                        continue;
                    case ISingleValueCaseClauseOperation single when single.Value.ConstantValue.HasValue && single.Value.ConstantValue.Value is not null
                        && (kind != ScalarKind.Opaque || OpaqueConstant(single.Value) is not null):
                        test = Ir.Compare(BinaryOp.Equal, new VarExpr(kind, selector),
                            kind == ScalarKind.Opaque ? OpaqueConstant(single.Value)! : Constant(single.Value.ConstantValue.Value, kind));
                        break;
                    case IPatternCaseClauseOperation { Guard: null } patternClause when PatternTest(patternClause.Pattern, new VarExpr(kind, selector), kind) is IrExpr patternTest:
                        test = patternTest;
                        break;
                    default:
                        Unsupported(clause, "this case label", "use constant case labels (case 1:, case 2:, default:)");
                        return;
                }
                condition = condition is null ? test : new BinaryExpr(ScalarKind.Boolean, BinaryOp.ConditionalOr, condition, test);
            }
            var body = new List<IrStmt>();
            var statements = section.Body.ToList();
            if (statements.Count > 0 && statements[statements.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break } closing
                && SymbolEqualityComparer.Default.Equals(closing.Target, switchOperation.ExitLabel))
            {
                statements.RemoveAt(statements.Count - 1);
            }
            foreach (IOperation statement in statements)
            {
                if (statement.DescendantsAndSelf().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(b.Target, switchOperation.ExitLabel)))
                {
                    Unsupported(statement, "break in the middle of a switch section", "end each section with its break, or use if / else");
                    return;
                }
                LowerStatement(statement, body);
            }
            sections.Add((isDefault ? null : condition, body));
        }
        // Build the chain from the last section backwards; the default (if any) is the final else.
        List<IrStmt> chain = sections.FirstOrDefault(x => x.Condition is null).Body ?? new List<IrStmt>();
        for (int i = sections.Count - 1; i >= 0; i--)
        {
            if (sections[i].Condition is not IrExpr condition) continue;
            chain = new List<IrStmt> { new IfStmt(at, condition, sections[i].Body.ToEquatableArray(), chain.ToEquatableArray()) };
        }
        output.AddRange(chain);
    }

    private void LowerThrow(IOperation operation, List<IrStmt> output)
    {
        IOperation? thrown = operation is IThrowOperation t ? t.Exception : null;
        while (thrown is IConversionOperation conversion) thrown = conversion.Operand;
        if (thrown is not IObjectCreationOperation { Constructor: not null } creation || creation.Initializer is not null
            || creation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax { ArgumentList: var argumentList })
        {
            Unsupported(operation, "this throw", "throw new SomeException(...) with literals, parameters and nameof as arguments");
            return;
        }
        foreach (var name in creation.Syntax.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>())
        {
            ISymbol? symbol = _semanticModel.GetSymbolInfo(name, _cancellationToken).Symbol;
            bool allowed = symbol is IParameterSymbol
                || (symbol is null && name.Identifier.ValueText == "nameof")
                || name.Ancestors().Any(a => a is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax { Identifier.ValueText: "nameof" } } inv
                    && inv.ArgumentList.Span.Contains(name.Span) && symbol is IParameterSymbol or null);
            bool isTypeName = creation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax oc && oc.Type.Span.Contains(name.Span);
            if (!allowed && !isTypeName)
            {
                Unsupported(operation, "throw using '" + name.Identifier.ValueText + "'", "throw with literals, parameters and nameof as arguments");
                return;
            }
        }
        string type = creation.Constructor.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string arguments = argumentList?.ToString() ?? "()";
        output.Add(new ThrowStmt(LocationInfo.From(operation.Syntax), $"throw new {type}{arguments};"));
    }

    private void LowerDeclaration(IVariableDeclaratorOperation declarator, IOperation? initializer, List<IrStmt> output)
    {
        ILocalSymbol local = declarator.Symbol;
        LocationInfo? at = LocationInfo.From(declarator.Syntax);
        (ScalarKind element, SpanShape shape) = ParameterClassifier.Describe(local.Type);
        if (local.IsRef || local.IsConst && initializer is null)
        {
            if (local.IsRef) Unsupported(declarator, "a ref local", "use the value, or index the span directly");
            return;
        }
        if (shape != SpanShape.None)
        {
            LowerSpanDeclaration(declarator, local, element, shape, initializer, output);
            return;
        }
        if (element == ScalarKind.Opaque)
        {
            if (local.Type.IsRefLikeType || local.Type is IErrorTypeSymbol || local.Type.IsAnonymousType)
            {
                Unsupported(declarator, $"a local of type '{local.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'",
                    "locals may be numbers, bools, enums, strings and other constants, or spans of numbers");
                return;
            }
            // A constant of any other type (an enum, a string): kept and compared as written.
            int constant = LocalVariable(local, element, SpanShape.None, TypeText(local.Type));
            if (initializer is null) return;
            IrExpr? initial = LowerPlain(initializer, output);
            if (initial is not null) output.Add(new AssignStmt(at, constant, initial));
            return;
        }
        int id = LocalVariable(local, element, SpanShape.None);
        if (initializer is null) return;
        IrExpr? value = LowerValue(initializer, element, output);
        if (value is not null) output.Add(new AssignStmt(at, id, value));
    }

    private void LowerSpanDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarKind element, SpanShape shape,
        IOperation? initializer, List<IrStmt> output)
    {
        if (IsView(local))
        {
            LowerViewDeclaration(declarator, local, element, shape, initializer, output);
            return;
        }
        IOperation? value = initializer is null ? null : Unwrap(initializer);
        if (initializer is not null && FindBuffer(initializer) is BufferInitializer buffer)
        {
            LowerBufferDeclaration(declarator, local, element, buffer, output);
            return;
        }
        if (value is not null && LowerSpanArgument(value, output, requireWritable: false) is SpanRefExpr view)
        {
            // A view of another span: keep its start and length as integers, so element accesses index the base.
            bool writable = shape == SpanShape.Span;
            int startVar = _variables.Add(local.Name + "Start", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id;
            int lengthVar = _variables.Add(local.Name + "Length", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id;
            LocationInfo? at = LocationInfo.From(declarator.Syntax);
            output.Add(new AssignStmt(at, startVar, view.Start ?? Ir.Int(0)));
            output.Add(new AssignStmt(at, lengthVar, view.Length ?? new LengthExpr(view.Span)));
            _aliases[local] = new SpanAlias(view.Span, startVar, lengthVar, element, writable);
            return;
        }
        if (!_diagnostics.Any(d => d.Location?.Span.IntersectsWith(declarator.Syntax.Span) == true))
        {
            Report(DiagnosticDescriptors.SpanMisuse, declarator.Syntax, local.Name, "is not initialized with stackalloc or a slice of another span",
                "declare span locals as 'Span<T> name = stackalloc T[n]', a collection expression, a local array, or 'var part = span.Slice(start, length)'");
        }
    }


    private static IOperation Unwrap(IOperation op)
    {
        while (op is IConversionOperation { IsImplicit: true } conversion) op = conversion.Operand;
        return op;
    }

    private void LowerExpressionStatement(IOperation operation, List<IrStmt> output)
    {
        switch (operation)
        {
            case IAssignmentOperation or IIncrementOrDecrementOperation:
                if (!TryLowerViewAssignment(operation, output)) LowerStore(operation, output);
                break;
            case IInvocationOperation invocation:
                LowerInvocationStatement(invocation, output);
                break;
            case IThrowOperation:
                LowerThrow(operation, output);
                break;
            default:
                Unsupported(operation, Describe(operation), WayOut(operation));
                break;
        }
    }

    /// <summary>The span and index written by <c>span[index] = …</c>, checking the span may be written.</summary>
    private (int Span, IrExpr Index)? LowerElementTarget(IOperation target, List<IrStmt> output)
    {
        if (ElementParts(target) is not (IOperation spanOp, IOperation indexOp)) return null;
        IrExpr? index = LowerPlain(indexOp, output);
        if (index is null) return null;
        if (Unwrap(spanOp) is ILocalReferenceOperation { Local: var local } && _aliases.TryGetValue(local, out SpanAlias? alias))
        {
            if (!alias.Writable) return null;
            if (!CheckWritable(alias.Base, target)) return null;
            return (alias.Base, AliasIndex(alias, index));
        }
        int? span = SpanVariableOf(spanOp);
        if (span is not int id) return null;
        if (!CheckWritable(id, target)) return null;
        return (id, index);
    }

    private bool CheckWritable(int span, IOperation where)
    {
        IrVariable v = _variables[span];
        if (v.Role == VariableRole.Parameter && v.ParameterRole == ParameterRole.ActiveSpan)
        {
            Report(DiagnosticDescriptors.SpanMisuse, where.Syntax, v.Name, "is a differentiated input and is written",
                "inputs are read-only: copy it into a stackalloc scratch span and change the copy");
            return false;
        }
        if (v.Role == VariableRole.External)
        {
            Report(DiagnosticDescriptors.SpanMisuse, where.Syntax, v.Name, "is a field and is written",
                "differentiable code may only write its locals and Span<T> outputs");
            return false;
        }
        return true;
    }

    private static (IOperation Span, IOperation Index)? ElementParts(IOperation op)
    {
        switch (op)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } array:
                return (array.ArrayReference, array.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                when indexer.Instance is not null && ParameterClassifier.Describe(indexer.Instance.Type!).Shape != SpanShape.None:
                return (indexer.Instance, indexer.Arguments[0].Value);
            default:
                return null;
        }
    }

    private IrExpr? LowerCondition(IOperation condition, List<IrStmt> output) => LowerPlain(condition, output);

    private void LowerWhile(IWhileLoopOperation loop, List<IrStmt> output)
    {
        if (loop.ConditionIsUntil || loop.Condition is null)
        {
            Unsupported(loop, "this loop form", "use while (condition) or do … while (condition)");
            return;
        }
        // A condition that assigns something (while (n-- > 0)) runs its statements before every test: once before a
        // while loop and again at the end of each iteration, also after a continue (the loop's increment).
        var conditionPre = new List<IrStmt>();
        IrExpr? condition = LowerCondition(loop.Condition, conditionPre);
        bool outermost = EnterLoop(loop);
        var body = new List<IrStmt>();
        LowerStatement(loop.Body, body);
        ExitLoop(outermost, output);
        if (condition is null) return;
        if (loop.ConditionIsTop) output.AddRange(conditionPre);
        var increment = loop.ConditionIsTop ? Copy(conditionPre) : conditionPre;
        output.Add(new WhileStmt(LocationInfo.From(loop.Syntax), condition, body.ToEquatableArray(), increment.ToEquatableArray(), loop.ConditionIsTop));
    }

    /// <summary>A copy of statements as new objects (the transforms tell statements apart by identity).</summary>
    private static List<IrStmt> Copy(IEnumerable<IrStmt> statements) => StatementWalker.Rewrite(statements, s => s with { });

    private void LowerFor(IForLoopOperation loop, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(loop.Syntax);
        if (TryCanonicalFor(loop) is (ILocalSymbol counter, IOperation start, IOperation end, BinaryOp compare, int step))
        {
            ScalarKind kind = ParameterClassifier.ScalarOf(counter.Type);
            int counterVar = LocalVariable(counter, kind, SpanShape.None);
            IrExpr? startExpr = LowerPlain(start, output);
            bool outermost = EnterLoop(loop);
            var endPre = new List<IrStmt>();
            IrExpr? endExpr = LowerPlain(end, endPre);
            var body = new List<IrStmt>();
            LowerStatement(loop.Body, body);
            ExitLoop(outermost, output);
            if (startExpr is not null && endExpr is not null)
            {
                output.Add(new ForRangeStmt(at, counterVar, startExpr, endExpr, compare, step, null, body.ToEquatableArray()));
            }
            return;
        }
        foreach (IOperation before in loop.Before) LowerStatement(before, output);
        IrExpr condition = Ir.Bool(true);
        var conditionPre = new List<IrStmt>();
        if (loop.Condition is not null)
        {
            IrExpr? lowered = LowerCondition(loop.Condition, conditionPre);
            if (lowered is null) return;
            condition = lowered;
        }
        bool outermostLoop = EnterLoop(loop);
        var loopBody = new List<IrStmt>();
        LowerStatement(loop.Body, loopBody);
        var increment = new List<IrStmt>();
        foreach (IOperation bottom in loop.AtLoopBottom) LowerStatement(bottom, increment);
        increment.AddRange(Copy(conditionPre));
        ExitLoop(outermostLoop, output);
        output.AddRange(conditionPre);
        output.Add(new WhileStmt(at, condition, loopBody.ToEquatableArray(), increment.ToEquatableArray(), TestFirst: true));
    }

    /// <summary>Recognizes <c>for (int i = a; i &lt; b; i++)</c>-like loops whose counter the body leaves alone.</summary>
    private (ILocalSymbol, IOperation, IOperation, BinaryOp, int)? TryCanonicalFor(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Declarations[0].Declarators.Length != 1) return null;
        IVariableDeclaratorOperation declarator = group.Declarations[0].Declarators[0];
        ILocalSymbol counter = declarator.Symbol;
        if (ParameterClassifier.ScalarOf(counter.Type) is not (ScalarKind.Int32 or ScalarKind.Int64)) return null;
        IOperation? start = (declarator.Initializer ?? group.Declarations[0].Initializer)?.Value;
        if (start is null) return null;
        if (loop.Condition is not IBinaryOperation { OperatorMethod: null } condition || HasSideEffects(condition)) return null;
        BinaryOp? compare = MapBinary(condition.OperatorKind);
        IOperation end;
        if (IsLocal(condition.LeftOperand, counter)) end = condition.RightOperand;
        else if (IsLocal(condition.RightOperand, counter)) { end = condition.LeftOperand; compare = Flip(compare); }
        else return null;
        if (compare is not BinaryOp cmp || !(cmp is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual)) return null;
        if (end.Descendants().Concat(new[] { end }).Any(d => d is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, counter))) return null;
        if (loop.AtLoopBottom.Length != 1 || loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: var stepOp }) return null;
        int step;
        switch (stepOp)
        {
            case IIncrementOrDecrementOperation inc when IsLocal(inc.Target, counter):
                step = inc.Kind == OperationKind.Increment ? 1 : -1;
                break;
            case ICompoundAssignmentOperation { OperatorMethod: null } add when IsLocal(add.Target, counter)
                && add.Value.ConstantValue is { HasValue: true, Value: int amount } && amount != 0
                && add.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract:
                step = add.OperatorKind == BinaryOperatorKind.Add ? amount : -amount;
                break;
            default:
                return null;
        }
        bool upward = cmp is BinaryOp.Less or BinaryOp.LessOrEqual;
        if (upward != step > 0) return null;
        if (AssignsLocal(loop.Body, counter)) return null;
        return (counter, start, end, cmp, step);
    }

    private static BinaryOp? Flip(BinaryOp? op) => op switch
    {
        BinaryOp.Less => BinaryOp.Greater,
        BinaryOp.LessOrEqual => BinaryOp.GreaterOrEqual,
        BinaryOp.Greater => BinaryOp.Less,
        BinaryOp.GreaterOrEqual => BinaryOp.LessOrEqual,
        _ => op,
    };

    private static bool IsLocal(IOperation op, ILocalSymbol local) =>
        Unwrap(op) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local);

    private static bool AssignsLocal(IOperation body, ILocalSymbol local) =>
        body.DescendantsAndSelf().Any(d => d switch
        {
            IAssignmentOperation a => IsLocal(a.Target, local),
            IIncrementOrDecrementOperation i => IsLocal(i.Target, local),
            IArgumentOperation { Parameter.RefKind: not RefKind.None } arg => IsLocal(arg.Value, local),
            _ => false,
        });

    private void LowerForEach(IForEachLoopOperation loop, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(loop.Syntax);
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation declarator || loop.IsAsynchronous)
        {
            Unsupported(loop, "this foreach form", "use foreach (var v in span) over a span or array variable");
            return;
        }
        if (TryLowerModelForEach(loop, declarator.Symbol, output)) return;
        if (LowerSpanArgument(Unwrap(loop.Collection), output, requireWritable: false) is not SpanRefExpr collection
            || (collection.Start is not null && collection.Start is not VarExpr))
        {
            if (!_diagnostics.Any(d => d.Location?.Span.IntersectsWith(loop.Collection.Syntax.Span) == true))
            {
                Unsupported(loop, "foreach over this collection", "iterate over a span or array variable, or a span local made with Slice");
            }
            return;
        }
        ILocalSymbol element = declarator.Symbol;
        ScalarKind kind = ParameterClassifier.ScalarOf(element.Type);
        if (kind == ScalarKind.Opaque)
        {
            Unsupported(loop, "foreach with this element type", "iterate over spans of double, float, int, long or bool");
            return;
        }
        if (Unwrap(loop.Collection) is ILocalReferenceOperation { Local: var iterated } && IsView(iterated) && Repoints(loop.Body, iterated))
        {
            collection = IteratedWhereItPoints(collection, at, output);
        }
        int elementVar = LocalVariable(element, kind, SpanShape.None);
        int index = AddTemporary("index", ScalarKind.Int32);
        IrExpr length = collection.Length ?? new LengthExpr(collection.Span);
        IrExpr position = collection.Start is null ? new VarExpr(ScalarKind.Int32, index)
            : new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, collection.Start, new VarExpr(ScalarKind.Int32, index));
        var body = new List<IrStmt>
        {
            new AssignStmt(at, elementVar, Ir.Convert(new ElementExpr(_variables[collection.Span].Element, collection.Span, position), kind)),
        };
        bool outermost = EnterLoop(loop);
        LowerStatement(loop.Body, body);
        ExitLoop(outermost, output);
        output.Add(new ForRangeStmt(at, index, Ir.Int(0), length, BinaryOp.Less, 1, null, body.ToEquatableArray()));
    }
}
