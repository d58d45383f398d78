using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Each is an error on the user's own code, names the construct and the way
/// out, and means no code was generated for that method. Pages: docs/diagnostics/ADGnnnn.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>
    /// Where each diagnostic's page lives, relative to the package root and to the repository root (both ship it there).
    /// A reported diagnostic links to the installed page instead (<see cref="WithInstalledHelpLink"/>), which opens offline.
    /// </summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    /// <summary>The build property (set by the package's build/AutoDiffGen.props) naming the installed pages' folder.</summary>
    public const string DocsFolderProperty = "build_property.AutoDiffGenDiagnosticsDocs";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Id, string Folder), DiagnosticDescriptor> s_installed = new();
    private const string Category = "AutoDiffGen";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("ADG0001",
        "Statement not supported in differentiable code",
        "'{0}' is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("ADG0002",
        "Expression not supported in differentiable code",
        "'{0}' is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor CallWithoutDerivative = Error("ADG0003",
        "Call without a derivative on an active value",
        "'{0}' is called on a value that depends on the differentiated inputs, but it has no derivative: mark it [Differentiable] or write a [DerivativeOf(nameof({1}))] method, or pass only constants to it");

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("ADG0004",
        "Containing type must be partial",
        "'{0}' must be declared partial (with every containing type) so the generated methods of '{1}' can be added to it");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error("ADG0005",
        "Return type not supported",
        "[Differentiable] method '{0}' returns '{1}': return double or float, or void with Span<double>/Span<float> output parameters");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error("ADG0006",
        "Parameter not supported",
        "Parameter '{0}' of type '{1}' is not supported in a [Differentiable] method: {2}");

    public static readonly DiagnosticDescriptor MethodWithoutBody = Error("ADG0007",
        "Differentiable method has no body",
        "[Differentiable] method '{0}' has no body to differentiate: give it a body, or write its derivative by hand with [DerivativeOf(nameof({0}))]");

    public static readonly DiagnosticDescriptor NameCollision = Error("ADG0008",
        "Generated name collides with an existing member",
        "'{0}' already declares a member named '{1}', which the generator would emit for '{2}': rename the existing member or the method");

    public static readonly DiagnosticDescriptor InvalidCustomDerivative = Error("ADG0009",
        "Custom derivative does not have the Backward shape",
        "[DerivativeOf(nameof({0}))] method '{1}' does not match '{0}': expected {2}");

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Error("ADG0010",
        "Method form not supported",
        "[Differentiable] method '{0}' is {1}, which is not supported: {2}");

    public static readonly DiagnosticDescriptor SpanMisuse = Error("ADG0011",
        "Span used in an unsupported way",
        "Span '{0}' {1}: {2}");

    public static readonly DiagnosticDescriptor InternalError = Error("ADG0012",
        "AutoDiffGen could not differentiate the method",
        "AutoDiffGen could not differentiate '{0}' ({1}): please report this with the method; meanwhile simplify it or write its derivative with [DerivativeOf]");

    public static readonly DiagnosticDescriptor DerivativeDropped = new("ADG0013",
        "Derivative dropped at a [NoDerivative] parameter",
        "'{0}' depends on the differentiated inputs but is passed to [NoDerivative] parameter '{1}' of '{2}': no derivative flows through it; remove [NoDerivative] there, or suppress this warning if the value is meant as a constant",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "ADG0013.md");

    public static readonly DiagnosticDescriptor CalleeNotDifferentiated = Error("ADG0014",
        "Called differentiable method could not be differentiated",
        "'{0}' calls '{1}', whose derivative could not be generated: fix the errors reported on '{1}'");

    public static readonly DiagnosticDescriptor MissingDerivativeKind = Error("ADG0015",
        "Called method has no derivative of the kind needed",
        "'{0}' has no {1} derivative, which this method's derivatives need: mark it [Differentiable] (its derivatives are then generated as needed), or write a [DerivativeOf(nameof({2}), Derivatives.{3})] method");

    public static readonly DiagnosticDescriptor UnsupportedDerivativeKind = Error("ADG0016",
        "Derivative not available for this method",
        "[Differentiable] method '{0}' asks for {1}, which it cannot have: {2}");

    public static readonly DiagnosticDescriptor InvalidCheckpoints = Error("ADG0017",
        "Checkpoints must not be negative",
        "[Differentiable] method '{0}' asks for Checkpoints = {1}: the number of snapshots a checkpointed loop may hold must be at least 1, or 0 (the default) to record every iteration");

    public static readonly DiagnosticDescriptor NothingToCheckpoint = new("ADG0018",
        "No loop to checkpoint",
        "[Differentiable] method '{0}' asks for Checkpoints = {1}, but none of its outermost loops records anything per iteration: remove Checkpoints, or move the loop out of the loop around it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "ADG0018.md");

    public static readonly DiagnosticDescriptor UnsupportedModelField = Error("ADG0019",
        "Model field of a type that cannot be a parameter",
        "'{0}' of model type '{1}' has type '{2}', which cannot be a parameter: {3}; or mark it [NoDerivative] to read it as a constant");

    public static readonly DiagnosticDescriptor ModelPropertyWithLogic = Error("ADG0020",
        "Model property with logic",
        "'{0}' is a property with logic, and a model's parameters are its fields: read the field it wraps, or make it a [Differentiable] method");

    public static readonly DiagnosticDescriptor InvalidModelType = Error("ADG0021",
        "Type cannot be a model",
        "[Differentiable] type '{0}' cannot be a model type: {1}");

    public static readonly DiagnosticDescriptor ModelHessianNotGenerated = new("ADG0022",
        "No dense Hessian for a method that uses models",
        "[Differentiable] method '{0}' asks for Derivatives.Hessian, and reads models: it gets {0}HessianVectorProduct (H·v along a direction given as the model's Gradient) but no dense {0}Hessian; build the Hessian column by column from H·v with unit directions, or write the computation over spans",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "ADG0022.md");

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        UnsupportedStatement, UnsupportedExpression, CallWithoutDerivative, TypeNotPartial, UnsupportedReturnType,
        UnsupportedParameter, MethodWithoutBody, NameCollision, InvalidCustomDerivative, UnsupportedMethodShape, SpanMisuse,
        InternalError, DerivativeDropped, CalleeNotDifferentiated, MissingDerivativeKind,
        UnsupportedDerivativeKind, InvalidCheckpoints, NothingToCheckpoint, UnsupportedModelField, ModelPropertyWithLogic, InvalidModelType,
        ModelHessianNotGenerated);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>The descriptor with its help link pointing at the page installed with the package (a <c>file:</c> URI).</summary>
    public static DiagnosticDescriptor WithInstalledHelpLink(DiagnosticDescriptor descriptor, string? docsFolder)
    {
        if (string.IsNullOrWhiteSpace(docsFolder)) return descriptor;
        return s_installed.GetOrAdd((descriptor.Id, docsFolder!.Trim()), key =>
        {
            char last = key.Folder[key.Folder.Length - 1];
            string page = key.Folder + (last is '/' or '\\' ? "" : "/") + key.Id + ".md";
            string link = System.Uri.TryCreate(page, System.UriKind.Absolute, out System.Uri? uri) ? uri.AbsoluteUri : descriptor.HelpLinkUri;
            return new DiagnosticDescriptor(descriptor.Id, descriptor.Title, descriptor.MessageFormat, descriptor.Category,
                descriptor.DefaultSeverity, descriptor.IsEnabledByDefault, descriptor.Description, link, descriptor.CustomTags.ToArray());
        });
    }
}
