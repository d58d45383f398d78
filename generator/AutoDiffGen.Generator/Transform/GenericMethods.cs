using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// A method generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> (API.md, "Generic math"): each of its specializations
/// (<c>double</c>, <c>float</c>) is transformed like any method, into private overloads of the generated names, and every
/// generated method gets a public generic twin of the same shape that calls the specialization of its <c>T</c>. The test
/// <c>typeof(T) == typeof(double)</c> is a constant of the JIT's, so a call costs what the specialization costs; the
/// arguments are reinterpreted in place (the runtime's <c>Specialize</c>), never converted or copied.
/// </summary>
internal static class GenericMethods
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Specialize = "global::AutoDiffGen.Specialize";

    /// <summary>What the names of a generic model's specializations insert after the method's name (<c>Loss_DoubleGradient</c>).</summary>
    public const string DoubleSuffix = Lowering.KnownNames.DoubleSpecialization, SingleSuffix = Lowering.KnownNames.SingleSpecialization;

    public static TransformResult Run(MethodModel model, DerivativeKinds kinds, EquatableArray<string> inOut = default, bool vectorMath = false)
    {
        // A method of a generic model (Mlp<T>) has its specializations in the same generic type, where a specialization whose
        // only generic parameter is the model would clash with the other: they are named apart (LossGradient_Double).
        string? doubleName = model.GenericType ? model.Name + DoubleSuffix : null, singleName = model.GenericType ? model.Name + SingleSuffix : null;
        TransformResult doubles = MethodTransform.Run(model with
        {
            TypeParameter = null, TypeConstraints = null, Single = null, GenericType = false, Name = doubleName ?? model.Name, SpecializedCopy = model.GenericType,
        }, kinds, inOut, vectorMath);
        if (doubles.File is null) return doubles;
        TransformResult singles = MethodTransform.Run(model.Single! with { Name = singleName ?? model.Single!.Name, SpecializedCopy = model.GenericType }, kinds, inOut, vectorMath);
        if (singles.File is null) return singles;
        string t = model.TypeParameter!;
        var methods = new List<DerivativeMethod>();
        for (int i = 0; i < doubles.File.Methods.Count; i++)
        {
            DerivativeMethod d = doubles.File.Methods[i], s = singles.File.Methods[i];
            // The copy of a generic model's method for its kind has no dispatcher: the user's method is the generic one.
            if (model.GenericType && d.Name == doubleName) continue;
            DerivativeMethod dispatcher = Dispatcher(model, d, s, t, model.GenericType ? s.Name : d.Name);
            if (model.GenericType) dispatcher = dispatcher with { Name = model.Name + d.Name.Substring(doubleName!.Length), TypeParameters = "", Constraints = "" };
            methods.Add(dispatcher);
        }
        foreach (DerivativeMethod specialization in doubles.File.Methods.Concat(singles.File.Methods))
        {
            // A generic model's specializations are called by the other generic models' (Mlp<T>'s Loss_Double calls Dense<T>'s Forward_Double).
            methods.Add(specialization with { Modifiers = Private(specialization.Modifiers, model.GenericType ? "internal" : "private") });
        }
        var file = doubles.File with
        {
            Methods = methods.ToEquatableArray(),
            Contents = doubles.File.Contents + (model.GenericType ? $", for the model's {t} (double and float specializations)" : $", generic over {t} (double and float specializations)"),
        };
        if (model.GenericType) file = file with { HintName = file.HintName.Replace(doubleName!, model.Name), Origin = file.Origin.Replace(doubleName!, model.Name) };
        var diagnostics = doubles.Diagnostics.Concat(singles.Diagnostics)
            .Select(d => model.GenericType ? d with { Arguments = d.Arguments.Select(a => a.Replace(doubleName!, model.Name).Replace(singleName!, model.Name)).ToEquatableArray() } : d)
            .Distinct().ToEquatableArray();
        return doubles with { File = file, Diagnostics = diagnostics };
    }

    /// <summary>The same modifiers with the accessibility made <paramref name="accessibility"/> (the specializations are reached through the generic method).</summary>
    private static string Private(string modifiers, string accessibility) =>
        string.Join(" ", new[] { accessibility }.Concat(modifiers.Split(' ').Where(m => m.Length > 0 && m is not ("public" or "private" or "protected" or "internal"))));

    private static string Generic(string typeText, string t) => Regex.Replace(typeText, @"\bdouble\b", t);

    /// <summary>
    /// The public generic method: the specialization's signature with <c>double</c> replaced by <c>T</c> where the
    /// <c>float</c> specialization has <c>float</c>, and a body that calls the specialization of <c>T</c>.
    /// </summary>
    private static DerivativeMethod Dispatcher(MethodModel model, DerivativeMethod doubles, DerivativeMethod singles, string t, string singleName)
    {
        string shownName = model.GenericType ? model.Name + doubles.Name.Substring(model.Name.Length + DoubleSuffix.Length) : doubles.Name + "<" + t + ">";
        var variables = new VariableTable();
        var parameters = new List<ParameterDecl>();
        var generic = new List<bool>();
        for (int i = 0; i < doubles.Parameters.Count; i++)
        {
            ParameterDecl d = doubles.Parameters[i];
            bool isGeneric = d.TypeText != singles.Parameters[i].TypeText;
            IrVariable v = variables.AddNamed(doubles.Variables[d.Var].Name, ScalarKind.Opaque, SpanShape.None, VariableRole.GeneratedParameter, ParameterRole.Constant);
            parameters.Add(new ParameterDecl(v.Id, isGeneric ? Generic(d.TypeText, t) : d.TypeText, d.Passing));
            generic.Add(isGeneric);
        }
        bool returnsGeneric = doubles.ReturnType != singles.ReturnType;
        var body = new List<IrStmt>();
        foreach (ScalarKind kind in new[] { ScalarKind.Double, ScalarKind.Single })
        {
            string k = kind.Keyword();
            var then = new List<IrStmt>();
            var args = new List<string>();
            for (int i = 0; i < parameters.Count; i++)
            {
                ParameterDecl p = parameters[i];
                string name = variables[p.Var].Name;
                if (!generic[i])
                {
                    args.Add(Passing(p.Passing) + name);
                    continue;
                }
                if (p.Passing == IR.Passing.Out) then.Add(new InvokeStmt(null, new InvokeExpr(ScalarKind.Opaque, Unsafe + ".SkipInit", new IrExpr[] { new OutExpr(new OpaqueExpr(ScalarKind.Opaque, name)) }.ToEquatableArray())));
                args.Add(Reinterpret(p, name, t, k, (kind == ScalarKind.Single ? singles : doubles).Parameters[i].TypeText));
            }
            string callee = kind == ScalarKind.Single ? singleName : doubles.Name;
            string call = $"{callee}({string.Join(", ", args)})";
            if (doubles.ReturnType == "void")
            {
                then.Add(new InvokeStmt(null, new InvokeExpr(ScalarKind.Opaque, callee, args.Select(a => (IrExpr)new OpaqueExpr(ScalarKind.Opaque, a)).ToEquatableArray())));
                then.Add(new ReturnStmt(null, null));
            }
            else
            {
                then.Add(new ReturnStmt(null, new OpaqueExpr(ScalarKind.Opaque, returnsGeneric ? $"{t}.CreateTruncating({call})" : call)));
            }
            body.Add(new IfStmt(null, new OpaqueExpr(ScalarKind.Boolean, $"typeof({t}) == typeof({k})"), then.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
        }
        body.Add(new ThrowStmt(null, $"throw new global::System.NotSupportedException(\"{shownName} is generated for double and float; {t} is \" + typeof({t}).Name + \".\");"));
        var docs = doubles.Documentation.ToList();
        int end = docs.IndexOf("</summary>");
        docs.Insert(end < 0 ? docs.Count : end, model.GenericType
            ? $"For the model's <typeparamref name=\"{t}\"/>: <c>double</c> or <c>float</c> (each runs its own specialization; other types throw <see cref=\"global::System.NotSupportedException\"/>)."
            : $"Generic over <typeparamref name=\"{t}\"/>: <c>double</c> or <c>float</c> (each runs its own specialization; other types throw <see cref=\"global::System.NotSupportedException\"/>).");
        if (!model.GenericType) docs.Add($"<typeparam name=\"{t}\">The floating-point type, <c>double</c> or <c>float</c>.</typeparam>");
        return new DerivativeMethod(variables.All.ToEquatableArray(), docs.ToEquatableArray(), doubles.Modifiers, returnsGeneric ? t : doubles.ReturnType,
            doubles.Name, parameters.ToEquatableArray(), body.ToEquatableArray(), "<" + t + ">", model.TypeConstraints ?? "");
    }

    private static string Passing(Passing passing) => passing switch
    {
        IR.Passing.Ref => "ref ",
        IR.Passing.Out => "out ",
        _ => "",
    };

    /// <summary>A generic argument seen as the specialization's type, in place (the runtime's <c>Specialize</c>): a scalar through a reference, a span over the same memory, an array as the array it is.</summary>
    /// <remarks>A generic model or its Gradient (<c>Mlp&lt;T&gt;</c> as <c>Mlp&lt;double&gt;</c>) is the same object or value: the variable is reinterpreted.</remarks>
    private static string Reinterpret(ParameterDecl p, string name, string t, string k, string specializedType)
    {
        string type = p.TypeText;
        if (type.Contains("ReadOnlySpan<")) return $"{Specialize}.ReadOnlySpan<{t}, {k}>({name})";
        if (type.Contains("Span<")) return $"{Specialize}.Span<{t}, {k}>({name})";
        if (type == t + "[]") return $"{Specialize}.Array<{t}, {k}>({name})";
        if (type != t) return Passing(p.Passing) + $"{Unsafe}.As<{type}, {specializedType}>(ref {name})";
        return Passing(p.Passing) + $"{Specialize}.Ref<{t}, {k}>(ref {name})";
    }
}
