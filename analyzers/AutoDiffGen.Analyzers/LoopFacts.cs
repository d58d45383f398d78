using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>Compile-time facts about loops: the constant trip count of counting loops.</summary>
internal static class LoopFacts
{

    /// <summary>The constant trip count of <c>for (int i = a; i &lt; b; i++)</c>-shaped loops and of foreach over an array literal.</summary>
    public static int? TripCount(ILoopOperation loop)
    {
        if (loop is IForEachLoopOperation forEach)
        {
            var collection = ActivationMatcher.StripConversions(forEach.Collection);
            if (collection is IArrayCreationOperation creation)
            {
                if (creation.Initializer is not null)
                {
                    return creation.Initializer.ElementValues.Length;
                }

                if (creation.DimensionSizes.Length == 1 && creation.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size })
                {
                    return size;
                }
            }

            return null;
        }

        if (loop is not IForLoopOperation { Condition: IBinaryOperation condition } @for || @for.AtLoopBottom.Length != 1)
        {
            return null;
        }

        ILocalSymbol? counter = null;
        long start = 0;
        if (@for.Before.Length == 1)
        {
            switch (@for.Before[0])
            {
                case IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                    when group.Declarations[0].Declarators.Length == 1
                         && group.Declarations[0].Declarators[0].Initializer?.Value.ConstantValue is { HasValue: true } initial
                         && TryInteger(initial.Value, out start):
                    counter = group.Declarations[0].Declarators[0].Symbol;
                    break;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }
                    when assignment.Value.ConstantValue is { HasValue: true } initial && TryInteger(initial.Value, out start):
                    counter = target.Local;
                    break;
            }
        }

        if (counter is null)
        {
            return null;
        }

        long step;
        var bottom = @for.AtLoopBottom[0] is IExpressionStatementOperation statement ? statement.Operation : @for.AtLoopBottom[0];
        switch (bottom)
        {
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } increment
                when SymbolEqualityComparer.Default.Equals(target.Local, counter):
                step = increment.Kind == OperationKind.Increment ? 1 : -1;
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound
                when SymbolEqualityComparer.Default.Equals(target.Local, counter)
                     && compound.Value.ConstantValue is { HasValue: true } delta
                     && TryInteger(delta.Value, out step)
                     && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract:
                if (compound.OperatorKind == BinaryOperatorKind.Subtract)
                {
                    step = -step;
                }

                break;
            default:
                return null;
        }

        if (step == 0)
        {
            return null;
        }

        var kind = condition.OperatorKind;
        long end;
        if (IsCounter(condition.LeftOperand, counter) && condition.RightOperand.ConstantValue is { HasValue: true } right && TryInteger(right.Value, out end))
        {
        }
        else if (IsCounter(condition.RightOperand, counter) && condition.LeftOperand.ConstantValue is { HasValue: true } left && TryInteger(left.Value, out end))
        {
            kind = kind switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => kind,
            };
        }
        else
        {
            return null;
        }

        long count;
        switch (kind)
        {
            case BinaryOperatorKind.LessThan when step > 0:
                count = end > start ? (end - start + step - 1) / step : 0;
                break;
            case BinaryOperatorKind.LessThanOrEqual when step > 0:
                count = end >= start ? ((end - start) / step) + 1 : 0;
                break;
            case BinaryOperatorKind.GreaterThan when step < 0:
                count = start > end ? (start - end - step - 1) / -step : 0;
                break;
            case BinaryOperatorKind.GreaterThanOrEqual when step < 0:
                count = start >= end ? ((start - end) / -step) + 1 : 0;
                break;
            case BinaryOperatorKind.NotEquals when (end - start) % step == 0 && (end - start) / step >= 0:
                count = (end - start) / step;
                break;
            default:
                return null;
        }

        return count > int.MaxValue ? null : (int)count;
    }

    private static bool IsCounter(IOperation operation, ILocalSymbol counter) =>
        ActivationMatcher.StripConversions(operation) is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, counter);

    private static bool TryInteger(object? value, out long result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case short s:
                result = s;
                return true;
            case byte b:
                result = b;
                return true;
            default:
                result = 0;
                return false;
        }
    }
}
