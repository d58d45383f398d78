using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Lowering;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// API.md: "Runtime library functions support every kind." Every runtime function callable from differentiable code (it has
/// a reverse-mode <c>[DerivativeOf]</c>) resolves a forward-mode and a second-order derivative too, as the generator sees the
/// runtime assembly from a user's compilation, and every hand-written derivative of the runtime has the exact shape of its kind.
/// </summary>
public class RuntimeDerivativeTests
{
    private static IEnumerable<IMethodSymbol> RuntimeMethods()
    {
        Compilation compilation = Compile(Usings);
        var runtime = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(RuntimeReference)!;
        INamespaceSymbol ns = runtime.GlobalNamespace.GetNamespaceMembers().Single(n => n.Name == "AutoDiffGen");
        return ns.GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public)
            .SelectMany(t => t.GetMembers().OfType<IMethodSymbol>())
            .Where(m => m.DeclaredAccessibility == Accessibility.Public && m.IsStatic && m.MethodKind == MethodKind.Ordinary);
    }

    [Fact]
    public void Every_runtime_function_with_a_pullback_has_a_tangent_and_a_backward_tangent()
    {
        // Generic overloads are not callable from differentiable code (ADG0002 asks for the double or float one). 66 when
        // written: 11 activations × scalar/span × double/float and 11 other functions × double/float.
        var functions = RuntimeMethods().Where(m => !m.IsGenericMethod && CallResolver.FindCustomDerivative(m, CallResolver.Reverse) is not null).ToList();
        Assert.True(functions.Count >= 66, $"only {functions.Count} runtime functions with a pullback found");
        var missing = functions
            .SelectMany(f => new[] { (f, Kind: CallResolver.Forward), (f, Kind: CallResolver.Hessian) })
            .Where(x => CallResolver.FindCustomDerivative(x.f, x.Kind) is null)
            .Select(x => $"{x.f.ContainingType.Name}.{x.f.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}: no kind {x.Kind}, expected {TangentShapes.Describe(x.f, x.Kind)}")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_non_generic_runtime_derivative_has_the_shape_of_its_kind()
    {
        var wrong = new List<string>();
        int checkedCount = 0;
        foreach (IMethodSymbol derivative in RuntimeMethods().Where(m => !m.IsGenericMethod))
        {
            foreach (AttributeData attribute in derivative.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == KnownNames.DerivativeOfAttribute))
            {
                string name = (string)attribute.ConstructorArguments[0].Value!;
                int kind = CallResolver.KindOf(attribute);
                checkedCount++;
                var originals = derivative.ContainingType.GetMembers(name).OfType<IMethodSymbol>().Where(o => !o.IsGenericMethod);
                if (!originals.Any(o => TangentShapes.Matches(derivative, o, kind))) wrong.Add($"{derivative.ContainingType.Name}.{derivative.Name} ({derivative.ToDisplayString()}), kind {kind}");
            }
        }
        Assert.True(checkedCount >= 198, $"only {checkedCount} derivatives found");
        Assert.True(wrong.Count == 0, "no overload of the original fits:\n" + string.Join("\n", wrong));
    }
}
