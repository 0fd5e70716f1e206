using Workflow.Engine.Conditions;
using static Workflow.Tests.Conditions.PurchaseDocument;

namespace Workflow.Tests.Conditions;

public class ConditionOverlapTests
{
    [Theory]
    // numbers: ranges, open ranges, alternatives, exclusions
    [InlineData("Amount", "<1000", ">=1000")]
    [InlineData("Amount", "..100", "200..")]
    [InlineData("Amount", "..100", ">100")]
    [InlineData("Amount", "0..999.99", "1000..4999.99|5000..")]
    [InlineData("Amount", "1..5|10", "6..9|11..")]
    [InlineData("Amount", ">=1000&<5000", "<1000|>=5000")]
    [InlineData("Amount", "100", "<>100")]
    [InlineData("Amount", "100", "100.01")]
    [InlineData("Amount", "''", "<>''")]
    [InlineData("Amount", "''", ">0")]
    [InlineData("Amount", "(1|2)&<>2", "2|3")]
    // dates are whole days: the day before and the day after share nothing
    [InlineData("Document Date", "..2025-12-31", "2026-01-01..")]
    [InlineData("Document Date", "<2026-01-01", ">=2026-01-01")]
    [InlineData("Document Date", ">2026-01-01&<2026-01-02", "<>''")]
    [InlineData("Document Date", "2026-01-01..2026-03-31", "2026-04-01..2026-06-30")]
    [InlineData("Document Date", "''", "2026-01-01..")]
    // booleans
    [InlineData("Prepayment", "true", "false")]
    [InlineData("Prepayment", "yes", "<>1")]
    [InlineData("Prepayment", "true", "''")]
    // options, by value and by position
    [InlineData("Status", "Open", "Released")]
    [InlineData("Status", "Open", "released|PENDING APPROVAL")]
    [InlineData("Status", "Open", "<>Open")]
    [InlineData("Status", "Pending*", "Open|Released")]
    [InlineData("Status", "..Released", "Pending Approval..")]
    [InlineData("Status", "<>Open&<>Released", "Open|Released")]
    [InlineData("Priority", "High", "Low")]
    [InlineData("Priority", "High", "<>high")]
    // text without wildcards, respecting case
    [InlineData("Buy-from Vendor No.", "V1000", "V2000")]
    [InlineData("Buy-from Vendor No.", "V1000|V1001", "V2000|V2001")]
    [InlineData("Buy-from Vendor No.", "V1000", "<>V1000")]
    [InlineData("Buy-from Vendor No.", "V1000|V1001", "<>V1000&<>V1001")]
    [InlineData("Buy-from Vendor No.", "@v1000", "<>@V1000")]
    [InlineData("Buy-from Vendor No.", "v1000", "V1000")]
    [InlineData("Buy-from Vendor No.", "''", "<>''")]
    [InlineData("Buy-from Vendor No.", "''", "V1000")]
    public void Filters_that_cannot_both_hold_do_not_overlap(string field, string first, string second)
    {
        Assert.False(Overlap(field, first, second));
        Assert.False(Overlap(field, second, first));
    }

    [Theory]
    [InlineData("Amount", "<1000", "<=1000")]
    [InlineData("Amount", "..100", "100..")]
    [InlineData("Amount", ">1000", ">5000")]
    [InlineData("Amount", "1..5|10", "5..9")]
    [InlineData("Amount", "<>100", "<>200")]
    [InlineData("Amount", "0", "''")]
    [InlineData("Amount", "<1000", "''")]
    [InlineData("Amount", ">1", "<1.0000001")]
    [InlineData("Document Date", "..2026-01-01", "2026-01-01..")]
    [InlineData("Document Date", ">2026-01-01&<2026-01-03", "2026-01-02")]
    [InlineData("Document Date", "<>2026-01-01", "''")]
    [InlineData("Prepayment", "false", "''")]
    [InlineData("Prepayment", "true", "<>''")]
    [InlineData("Prepayment", "<>true", "<>''&<>true")]
    [InlineData("Status", "Open|Released", "Released")]
    [InlineData("Status", "pending*", "Pending Approval")]
    [InlineData("Status", "<>Open", "<>Released")]
    [InlineData("Status", "Open..Released", "Released..")]
    [InlineData("Status", "''", "<>Open")]
    [InlineData("Status", "<>''", "<>Open")]
    [InlineData("Priority", "High", "@HIGH")]
    [InlineData("Priority", "H*", "Low")]
    [InlineData("Buy-from Vendor No.", "V1000", "V1000|V2000")]
    [InlineData("Buy-from Vendor No.", "<>V1000", "<>V2000")]
    [InlineData("Buy-from Vendor No.", "@v1000", "V1000")]
    [InlineData("Buy-from Vendor No.", "@v1000", "<>v1000")]
    [InlineData("Buy-from Vendor No.", "@ab", "<>ab&<>AB&<>Ab")]
    [InlineData("Buy-from Vendor No.", "V1*", "V2000")]
    [InlineData("Buy-from Vendor No.", "A..C", "D")]
    [InlineData("Buy-from Vendor No.", "<>''", "''|V1")]
    public void Filters_that_may_share_a_value_overlap(string field, string first, string second)
    {
        Assert.True(Overlap(field, first, second));
        Assert.True(Overlap(field, second, first));
    }

    [Fact]
    public void An_always_condition_overlaps_every_condition()
    {
        var always = RecordCondition.Parse(Filters(), PurchaseDocument.Type);
        var filtered = RecordCondition.Parse(Filters(("Amount", ">1000")), PurchaseDocument.Type);

        Assert.True(RecordCondition.MayOverlap(always, filtered));
        Assert.True(RecordCondition.MayOverlap(filtered, always));
        Assert.True(RecordCondition.MayOverlap(always, RecordCondition.Always));
    }

    [Fact]
    public void Conditions_on_different_fields_overlap()
    {
        var a = RecordCondition.Parse(Filters(("Amount", ">1000")), PurchaseDocument.Type);
        var b = RecordCondition.Parse(Filters(("Status", "Open")), PurchaseDocument.Type);

        Assert.True(RecordCondition.MayOverlap(a, b));
    }

    [Fact]
    public void One_disjoint_field_is_enough_to_keep_conditions_apart()
    {
        // One workflow per amount band on the same event, as Business Central users do it.
        var small = RecordCondition.Parse(Filters(("Document Type", "Invoice"), ("Amount", "<1000"), ("Status", "Open")), PurchaseDocument.Type);
        var large = RecordCondition.Parse(Filters(("Document Type", "Invoice|Order"), ("amount", ">=1000")), PurchaseDocument.Type);

        Assert.False(RecordCondition.MayOverlap(small, large));
        Assert.False(RecordCondition.MayOverlap(large, small));
    }

    [Fact]
    public void Identical_conditions_overlap()
    {
        var a = RecordCondition.Parse(Filters(("Amount", ">1000"), ("Status", "Open")), PurchaseDocument.Type);
        var b = RecordCondition.Parse(Filters(("Status", "open"), ("Amount", ">1000")), PurchaseDocument.Type);

        Assert.True(RecordCondition.MayOverlap(a, b));
    }

    [Fact]
    public void A_disjointness_claim_is_never_contradicted_by_a_value_matching_both()
    {
        // Soundness check: over a grid of values, filters judged disjoint never both match one value.
        string[] filters = ["<1000", ">=1000", "..100", "100..", "100", "<>100", "''", "<>''", "0", "1..5|10", ">=10&<20", "(1|2)&<>2", "-1..1"];
        string?[] values = [null, "", "abc", "-5", "-1", "0", "0.5", "1", "2", "5", "7", "10", "15", "20", "99.99", "100", "100.00", "150", "999", "1000", "1000.5", "5000"];
        foreach (var first in filters)
        {
            foreach (var second in filters)
            {
                if (Overlap("Amount", first, second))
                    continue;
                var a = FieldFilter.Parse("Amount", first, Workflow.Abstractions.RecordFieldType.Number);
                var b = FieldFilter.Parse("Amount", second, Workflow.Abstractions.RecordFieldType.Number);
                Assert.DoesNotContain(values, v => a.Matches(v) && b.Matches(v));
            }
        }
    }

    private static bool Overlap(string field, string first, string second) =>
        RecordCondition.MayOverlap(
            RecordCondition.Parse(Filters((field, first)), PurchaseDocument.Type),
            RecordCondition.Parse(Filters((field, second)), PurchaseDocument.Type));
}
