using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>Where fixes put new members: after the existing fields (a new constructor right after the new field), or first in the type when it has none.</summary>
internal static class TypeMembers
{
    public static void Insert(DocumentEditor editor, TypeDeclarationSyntax type, params MemberDeclarationSyntax[] members)
    {
        var lastField = type.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();
        if (lastField is not null) editor.InsertAfter(lastField, members);
        else if (type.Members.Count > 0) editor.InsertBefore(type.Members[0], members);
        else foreach (var member in members) editor.AddMember(type, member);
    }
}
