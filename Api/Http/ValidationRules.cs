using FluentValidation;

namespace Zhuji.Api.Http;

/// <summary>Rules that many request bodies share, with their zh-CN messages.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilderInitial<T, string?> rule, string label, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage($"{label}不能为空")
            .Must(v => v!.Trim().Length <= maxLength).WithMessage($"{label}不能超过 {maxLength} 个字符");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, string label, int maxLength) =>
        rule.Must(v => v is null || v.Length <= maxLength).WithMessage($"{label}不能超过 {maxLength} 个字符");

    public static IRuleBuilderOptions<T, string?> RequiredId<T>(this IRuleBuilder<T, string?> rule, string label) =>
        rule.Must(v => Ids.TryParse(v, out _)).WithMessage($"{label}无效");

    public static IRuleBuilderOptions<T, string?> OptionalId<T>(this IRuleBuilder<T, string?> rule, string label) =>
        rule.Must(v => v is null || Ids.TryParse(v, out _)).WithMessage($"{label}无效");

    public static IRuleBuilderOptions<T, TEnum?> RequiredEnum<T, TEnum>(this IRuleBuilder<T, TEnum?> rule, string label)
        where TEnum : struct, Enum =>
        rule.Must(v => v is not null && Enum.IsDefined(v.Value)).WithMessage($"{label}不能为空或取值无效");
}
