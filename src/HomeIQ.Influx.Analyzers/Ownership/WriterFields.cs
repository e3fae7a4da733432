using System.Collections.Generic;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// Batching writers kept in a type's fields or properties (instance or static): which the type creates, and whether
/// any of its members flushes, disposes or hands them on. Collected per type with a symbol start action (all the
/// type's partial declarations), read when the type's analysis ends. A <c>WriteApi</c> created from a client the type
/// did not create (an injected one) is left alone: InfluxDB.Client's client disposes the WriteApis it made, so the
/// client's owner flushes it.
/// </summary>
internal sealed class WriterFields
{
    private readonly INamedTypeSymbol _type;
    private readonly InfluxTypes _types;
    private readonly object _gate = new();
    private readonly List<(ISymbol Member, IOperation Creation)> _created = new();
    private readonly HashSet<ISymbol> _createdClients = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _handled = new(SymbolEqualityComparer.Default);

    private WriterFields(INamedTypeSymbol type, InfluxTypes types)
    {
        _type = type;
        _types = types;
    }

    /// <summary>Starts collecting for the type of <paramref name="start"/>, if it has a member that can hold a batching writer.</summary>
    public static WriterFields? Start(SymbolStartAnalysisContext start, InfluxTypes types)
    {
        var type = (INamedTypeSymbol)start.Symbol;
        var any = false;
        foreach (var member in type.GetMembers())
        {
            if (types.IsBatchingWriter(MemberType(member))) any = true;
        }

        if (!any) return null;
        var fields = new WriterFields(type, types);
        start.RegisterOperationAction(fields.Record,
            OperationKind.FieldInitializer, OperationKind.PropertyInitializer, OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment,
            OperationKind.FieldReference, OperationKind.PropertyReference);
        return fields;
    }

    /// <summary>The writers this type created and nothing flushes, disposes or hands on.</summary>
    public List<(ISymbol Member, IOperation Creation)> Unflushed()
    {
        var unflushed = new List<(ISymbol, IOperation)>();
        lock (_gate)
        {
            foreach (var (member, creation) in _created)
            {
                if (_handled.Contains(member)) continue;
                if (creation is IInvocationOperation { Instance: { } receiver } invocation && _types.IsGetWriteApi(invocation.TargetMethod) && !ClientIsDropped(receiver)) continue;
                unflushed.Add((member, creation));
            }
        }

        return unflushed;
    }

    // A WriteApi is flushed by its client's Dispose. The client is dropped (so nothing will) when it was created here
    // (a creation, a local, or a member this type created) and this type neither disposes nor hands it on.
    private bool ClientIsDropped(IOperation receiver)
    {
        while (receiver is IConversionOperation conversion) receiver = conversion.Operand;
        var member = Member(receiver);
        if (member is not null) return _createdClients.Contains(member) && !_handled.Contains(member);
        return receiver is IObjectCreationOperation or IInvocationOperation or ILocalReferenceOperation;
    }

    private void Record(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IFieldInitializerOperation initializer:
                foreach (var field in initializer.InitializedFields) Created(field, initializer.Value);
                break;
            case IPropertyInitializerOperation initializer:
                foreach (var property in initializer.InitializedProperties) Created(property, initializer.Value);
                break;
            case IAssignmentOperation assignment when Member(assignment.Target) is { } target:
                Created(target, assignment.Value);
                break;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                Used(context.Operation);
                break;
        }
    }

    private void Created(ISymbol member, IOperation value)
    {
        if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, _type)) return;
        while (value is IConversionOperation conversion) value = conversion.Operand;
        var creation = Disposable.Creates(value, _types);
        lock (_gate)
        {
            if (creation == Creation.Writer && _types.IsBatchingWriter(MemberType(member))) _created.Add((member, value));
            else if (creation == Creation.Client) _createdClients.Add(member);
        }
    }

    // A read of a member: disposing, flushing, returning, storing, aliasing or handing it on counts as looking after it.
    private void Used(IOperation reference)
    {
        var member = Member(reference);
        if (member is null || !SymbolEqualityComparer.Default.Equals(member.ContainingType, _type)) return;
        if (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference) return; // a write
        if (reference.Parent is IMemberInitializerOperation) return;

        var value = Disposable.SkipWrappers(reference);
        var consumer = value.Parent;
        var handled = Disposable.Disposes(reference, out _)
                      || Disposable.Flushes(reference)
                      || consumer is not null && (Disposable.Returns(consumer) || Disposable.Stores(consumer, value) || Disposable.PassesOn(consumer, _types)
                                                  || consumer is IVariableInitializerOperation
                                                  || consumer is ISimpleAssignmentOperation { Target: ILocalReferenceOperation } alias && alias.Value == value);
        if (!handled) return;
        lock (_gate) _handled.Add(member);
    }

    private static ISymbol? Member(IOperation operation)
        => operation switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

    private static ITypeSymbol? MemberType(ISymbol member)
        => member switch
        {
            IFieldSymbol { IsConst: false } field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
}
