using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>How an activation is written in source; the code fixes rewrite each form differently.</summary>
internal enum ActivationForm
{
    /// <summary><c>Activations.Sigmoid(...)</c> / <c>Activations.Tanh(...)</c> (scalar or span form).</summary>
    Runtime,

    /// <summary><c>Math.Tanh(x)</c> / <c>MathF.Tanh(x)</c>.</summary>
    MathTanh,

    /// <summary>The hand-written logistic <c>1 / (1 + Math.Exp(-z))</c>.</summary>
    Logistic,
}

/// <summary>The family an activation belongs to, for the initialization rule.</summary>
internal enum ActivationFamily
{
    None,

    /// <summary>Sigmoid and tanh: derivative below 1, saturates; Glorot/LeCun initialization.</summary>
    Saturating,

    /// <summary>ReLU and its smooth/leaky relatives: He initialization.</summary>
    ReluFamily,

    /// <summary>An activation with its own recommended initialization (SELU wants LeCun normal).</summary>
    Other,
}

/// <summary>A recognised application of a saturating activation.</summary>
internal readonly struct SaturatingCall
{
    public SaturatingCall(IOperation node, string name, ActivationForm form, IOperation input, IOperation? spanOutput)
    {
        Node = node;
        Name = name;
        Form = form;
        Input = input;
        SpanOutput = spanOutput;
    }

    /// <summary>The invocation or division that applies the activation.</summary>
    public IOperation Node { get; }

    /// <summary>How the call reads in a message, e.g. <c>Activations.Tanh</c>.</summary>
    public string Name { get; }

    public ActivationForm Form { get; }

    /// <summary>The value fed into the activation.</summary>
    public IOperation Input { get; }

    /// <summary>The destination span of the span form; null for scalar forms.</summary>
    public IOperation? SpanOutput { get; }
}

/// <summary>Recognises activation calls by the metadata names of their containing types.</summary>
internal static class ActivationMatcher
{
    public static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static IOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static bool TryMatchSaturating(IOperation operation, KnownSymbols symbols, out SaturatingCall call)
    {
        call = default;
        if (operation is IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name is "Sigmoid" or "Tanh" && symbols.IsActivations(method.ContainingType))
            {
                var input = ArgumentFor(invocation, 0);
                if (input is null)
                {
                    return false;
                }

                IOperation? output = null;
                if (method.Parameters.Length >= 2 && symbols.IsWritableSpan(method.Parameters[1].Type))
                {
                    output = ArgumentFor(invocation, 1);
                }

                call = new SaturatingCall(invocation, "Activations." + method.Name, ActivationForm.Runtime, input, output);
                return true;
            }

            if (method.Name == "Tanh" && method.Parameters.Length == 1 && symbols.IsMath(method.ContainingType))
            {
                var input = ArgumentFor(invocation, 0);
                if (input is null)
                {
                    return false;
                }

                call = new SaturatingCall(invocation, method.ContainingType.Name + ".Tanh", ActivationForm.MathTanh, input, null);
                return true;
            }

            return false;
        }

        if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division
            && IsOne(division.LeftOperand)
            && StripConversions(division.RightOperand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum)
        {
            var exp = IsOne(sum.LeftOperand) ? sum.RightOperand : IsOne(sum.RightOperand) ? sum.LeftOperand : null;
            if (exp is not null
                && StripConversions(exp) is IInvocationOperation { TargetMethod.Name: "Exp" } expCall
                && symbols.IsMath(expCall.TargetMethod.ContainingType)
                && ArgumentFor(expCall, 0) is { } expArgument
                && StripConversions(expArgument) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation)
            {
                call = new SaturatingCall(division, "logistic 1 / (1 + exp(-z))", ActivationForm.Logistic, negation.Operand, null);
                return true;
            }
        }

        return false;
    }

    /// <summary>Classifies any activation call (runtime, Math.Tanh, hand-written logistic) for the initialization rule.</summary>
    public static ActivationFamily Classify(IOperation operation, KnownSymbols symbols, out string name)
    {
        if (TryMatchSaturating(operation, symbols, out var saturating))
        {
            name = saturating.Form == ActivationForm.Logistic ? "logistic" : saturating.Name.Substring(saturating.Name.IndexOf('.') + 1);
            return ActivationFamily.Saturating;
        }

        name = string.Empty;
        if (operation is IInvocationOperation invocation && symbols.IsActivations(invocation.TargetMethod.ContainingType))
        {
            name = invocation.TargetMethod.Name;
            switch (name)
            {
                case "Relu":
                case "LeakyRelu":
                case "PRelu":
                case "Elu":
                case "Gelu":
                case "GeluTanh":
                case "Silu":
                case "Softplus":
                    return ActivationFamily.ReluFamily;
                default:
                    return ActivationFamily.Other;
            }
        }

        return ActivationFamily.None;
    }

    private static bool IsOne(IOperation operation)
    {
        var constant = operation.ConstantValue;
        if (!constant.HasValue)
        {
            constant = StripConversions(operation).ConstantValue;
        }

        return constant.HasValue && constant.Value switch
        {
            int i => i == 1,
            long l => l == 1,
            double d => d == 1.0,
            float f => f == 1.0f,
            decimal m => m == 1m,
            _ => false,
        };
    }
}
