using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Assembles <c>{Name}Backward</c> (API.md): argument checks, declarations, the forward sweep, the reverse sweep, and
/// giving back what was rented, as one IR method.
/// </summary>
internal static class BackwardMethod
{
    /// <param name="disturbed">Variables the reverse sweep changes by running checkpointed iterations again.</param>
    public static DerivativeMethod Build(TransformContext c, Signature s, SweepAssembler sweeps, RecordPlan records, IReadOnlyList<IrStmt> body,
        HashSet<int>? disturbed = null)
    {
        disturbed ??= new HashSet<int>();
        MethodModel m = c.Model;
        var parameters = m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        if (s.Seed is not null) parameters.Add(Declare(s.Seed, Passing.Value));
        foreach ((_, IrVariable seed) in s.OutputSeeds) parameters.Add(Declare(seed, Passing.Value));
        foreach ((ParameterModel input, IrVariable adjoint) in s.InputAdjoints)
        {
            parameters.Add(Declare(adjoint, ModelBindings.ByReference(m, input) ? Passing.Ref : Passing.Value));
        }

        ModelBindings.Prologue views = ModelBindings.Build(c, s.InputAdjoints.ToDictionary(a => a.Input.Var, a => a.Adjoint));
        var top = new List<IrStmt>(views.Checks);
        var rentals = new List<IrStmt>(views.Returns);
        foreach ((ParameterModel output, IrVariable seed) in s.OutputSeeds) top.Add(new LengthCheckStmt(null, seed.Id, output.Var, AllowEmpty: true));
        // An output that shares memory with another span argument would change what the reverse sweep reads.
        for (int i = 0; i < m.Parameters.Count; i++)
        {
            ParameterModel output = m.Parameters[i];
            if (output.Role != ParameterRole.Output) continue;
            for (int j = 0; j < m.Parameters.Count; j++)
            {
                ParameterModel other = m.Parameters[j];
                if (j == i || (other.Role == ParameterRole.Output && j < i) || !c.Variables[other.Var].IsSpan || other.Element != output.Element) continue;
                top.Add(new OverlapCheckStmt(null, Ir.Span(c.Variables[output.Var]), Ir.Span(c.Variables[other.Var]), output.Name, other.Name, m.Name));
            }
        }
        foreach ((ParameterModel input, IrVariable adjoint) in s.InputAdjoints.Where(a => a.Input.Role == ParameterRole.ActiveSpan))
        {
            if (!c.Adjoints.ContainsKey(input.Var))
            {
                top.Add(new LengthCheckStmt(null, adjoint.Id, input.Var, AllowEmpty: true));
                continue;
            }
            // An empty adjoint span means "not needed": the reverse sweep then accumulates into scratch space.
            IrVariable rented = c.Variables.Add(adjoint.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
            _ = c.Tape;
            top.Add(new PrepareAdjointStmt(null, rented.Id, adjoint.Id, input.Var));
            rentals.Add(new ReturnScratchStmt(null, input.Element, Ir.Var(rented), adjoint.Id));
        }
        var declarations = new List<IrStmt>();
        foreach (IrVariable v in PrimalLocals(c.Variables, body, m.ResultVar))
        {
            if (v.IsSpan && sweeps.InlineStackAllocs.Contains(v.Id)) continue;
            declarations.Add(new DeclareStmt(null, v.Id, null));
            if (v.IsSpan && c.Adjoints.TryGetValue(v.Id, out IrVariable? adjointSpan)) declarations.Add(new DeclareStmt(null, adjointSpan.Id, null));
        }
        foreach (IrVariable hoisted in sweeps.Hoisted) declarations.Add(new DeclareStmt(null, hoisted.Id, null));
        // The scalar inputs' adjoint locals are declared where the reverse sweep begins: declared 0 at the top, they would
        // be live across the forward sweep's calls, where no XMM register survives, and live on the stack.
        var finalLocals = new HashSet<int>(s.ScalarFinalizations.Select(f => f.Local.Id));
        foreach (IrVariable a in s.AdjointLocals.Where(a => !finalLocals.Contains(a.Id))) declarations.Add(new DeclareStmt(null, a.Id, null));
        foreach ((ParameterModel output, IrVariable work, IrVariable seed) in s.OutputWork)
        {
            _ = c.Tape;
            declarations.Add(new RentScratchStmt(null, work.Id, new LengthExpr(output.Var)));
            declarations.Add(new CopySeedStmt(null, seed.Id, work.Id));
            rentals.Add(new ReturnScratchStmt(null, output.Element, new LengthExpr(output.Var), work.Id));
        }

        // Buffers a view may point at that have no adjoint of their own get zeroed scratch space for it.
        foreach (KeyValuePair<int, IrVariable> pair in sweeps.ViewAdjointRoots)
        {
            (int root, IrVariable scratch) = (pair.Key, pair.Value);
            _ = c.Tape;
            declarations.Add(new RentScratchStmt(null, scratch.Id, new LengthExpr(root)));
            rentals.Add(new ReturnScratchStmt(null, scratch.Element, new LengthExpr(root), scratch.Id));
        }
        // Local arrays rented by the forward sweep go back in reverse order; one never rented (its declaration was not
        // reached) has length 0 and gives back nothing.
        foreach (IrVariable buffer in sweeps.ScratchBuffers) rentals.Add(new ReturnScratchStmt(null, buffer.Element, new LengthExpr(buffer.Id), buffer.Id));
        List<IrStmt> recording = records.Recording.ToList();
        bool resultRestored = m.ResultVar >= 0 && (disturbed.Contains(m.ResultVar)
            || recording.Any(r => r is AssignStmt a && a.Var == m.ResultVar && records.RestoresValue(r)));
        // An output the reverse sweep restores is saved after the forward sweep and put back at the end, so the
        // backward leaves in it what the original computes.
        var restoredOutputs = m.Parameters.Where(p => p.Role == ParameterRole.Output && (disturbed.Contains(p.Var) || recording.Any(r =>
            (r is ElementAssignStmt e && e.Span == p.Var && records.RecordsValue(r)) || records.RecordsSpan(r, p.Var)))).ToList();

        // Restoring an output rents a copy of it from the tape.
        if (restoredOutputs.Count > 0) _ = c.Tape;
        var statements = new List<IrStmt>(views.Bindings);
        if (c.UsesTape) statements.Add(new DeclareStmt(null, c.Tape.Id, null));
        statements.AddRange(top);
        statements.AddRange(declarations);
        statements.Add(new SectionStmt("Forward sweep"));
        statements.AddRange(sweeps.Forward);
        IrVariable? value = null;
        if (resultRestored)
        {
            value = c.Variables.Add("value", m.ReturnKind!.Value, SpanShape.None, VariableRole.Record);
            statements.Add(new DeclareStmt(null, value.Id, Ir.Var(c.Variables[m.ResultVar])));
        }
        var finals = new List<(ParameterModel Output, IrVariable Copy)>();
        foreach (ParameterModel output in restoredOutputs)
        {
            IrVariable copy = c.Variables.Add(output.Name.TrimStart('@') + "Final", output.Element, SpanShape.Span, VariableRole.Record);
            statements.Add(new RentScratchStmt(null, copy.Id, new LengthExpr(output.Var)));
            statements.Add(new CopyStmt(null, Ir.Span(c.Variables[output.Var]), Ir.Span(copy)));
            finals.Add((output, copy));
        }
        statements.Add(new SectionStmt("Reverse sweep"));
        foreach ((IrVariable _, IrVariable local) in s.ScalarFinalizations) statements.Add(new DeclareStmt(null, local.Id, null));
        // Views' adjoints point where the views point at the end of the forward sweep.
        foreach ((ViewBindStmt bind, IrVariable adjoint) in sweeps.ViewAdjoints)
        {
            statements.Add(new ViewPointStmt(null, adjoint.Id, bind.RootVar, bind.StartVar, bind.LengthVar, sweeps.AdjointRoots(bind.Roots)));
        }
        var reverse = new List<IrStmt>();
        if (m.ResultVar >= 0 && c.Adjoints.TryGetValue(m.ResultVar, out IrVariable? dResult)) reverse.Add(new AssignStmt(null, dResult.Id, Ir.Var(s.Seed!)));
        reverse.AddRange(sweeps.Reverse);
        // The scalar adjoint locals are declared 0 and the forward sweep does not touch them.
        HashSet<int> touchedForward = StatementWalker.Referenced(sweeps.Forward);
        IEnumerable<IrVariable> scalarAdjoints = s.AdjointLocals.Where(a => !a.IsSpan);
        statements.AddRange(FirstAdjointWrites.Apply(reverse, scalarAdjoints.Where(a => !touchedForward.Contains(a.Id)).Select(a => a.Id), scalarAdjoints.Select(a => a.Id)));
        foreach ((IrVariable parameter, IrVariable local) in s.ScalarFinalizations)
        {
            statements.Add(new AssignStmt(null, parameter.Id, new BinaryExpr(parameter.Element, BinaryOp.Add, Ir.Var(parameter), Ir.Var(local))));
        }
        // An in-out output hands back the adjoint of its incoming contents in its seed span.
        foreach ((ParameterModel output, IrVariable work, IrVariable seed) in s.OutputWork.Where(w => c.InOutOutputs.Contains(w.Output.Var)))
        {
            statements.Add(new IfStmt(null, Ir.Compare(BinaryOp.NotEqual, new LengthExpr(seed.Id), Ir.Int(0)),
                new IrStmt[] { new CopyStmt(null, Ir.Span(work), Ir.Span(seed)) }.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
        }
        for (int i = finals.Count - 1; i >= 0; i--)
        {
            statements.Add(new CopyStmt(null, Ir.Span(finals[i].Copy), Ir.Span(c.Variables[finals[i].Output.Var])));
            statements.Add(new ReturnScratchStmt(null, finals[i].Output.Element, new LengthExpr(finals[i].Output.Var), finals[i].Copy.Id));
        }
        for (int i = rentals.Count - 1; i >= 0; i--) statements.Add(rentals[i]);
        if (m.ResultVar >= 0) statements.Add(new ReturnStmt(null, Ir.Var(value ?? c.Variables[m.ResultVar])));

        var docs = new List<string>
        {
            "<summary>",
            $"Reverse-mode derivative (pullback) of <c>{m.Name}</c>: computes what <c>{m.Name}</c> computes and adds",
            "seed · ∂output/∂input into the adjoint parameters (it never clears them).",
            "</summary>",
            "<remarks>",
        };
        if (sweeps.RecordNotes.Count == 0)
        {
            docs.Add("Memory: the reverse sweep records nothing on the tape; values it needs are kept in locals.");
        }
        else
        {
            docs.Add("Memory of the reverse sweep:");
            docs.Add("<list type=\"bullet\">");
            docs.AddRange(sweeps.RecordNotes.Select(note => $"<item><description>{note}</description></item>"));
            docs.Add("</list>");
        }
        foreach ((ParameterModel output, IrVariable seed) in s.OutputSeeds.Where(o => c.InOutOutputs.Contains(o.Output.Var)))
        {
            docs.Add($"<para><c>{output.Name}</c> is in-out: <c>{m.Name}</c> may read its incoming contents. On entry <c>{c.Variables[seed.Id].Name}</c> holds the");
            docs.Add($"seed (the adjoint of the final contents of <c>{output.Name}</c>); on return it holds the adjoint of its incoming contents.");
            docs.Add("An empty span means a zero seed and no adjoint wanted.</para>");
        }
        docs.Add("</remarks>");
        return new DerivativeMethod(c.Variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, m.ReturnKind?.Keyword() ?? "void", m.Name + "Backward",
            parameters.ToEquatableArray(), statements.ToEquatableArray());
    }

    public static ParameterDecl Declare(IrVariable v, Passing passing) => new(v.Id, TypeNames.Of(v), passing);

    /// <summary>The original's locals, temporaries, flags and result that the body uses: declared at the top of a generated method.</summary>
    public static List<IrVariable> PrimalLocals(VariableTable variables, IReadOnlyList<IrStmt> body, int resultVar)
    {
        HashSet<int> referenced = StatementWalker.Referenced(body);
        return variables.All.Where(v => v.Role is VariableRole.Local or VariableRole.Temporary or VariableRole.Flag or VariableRole.Result
            && (referenced.Contains(v.Id) || v.Id == resultVar)).ToList();
    }
}
