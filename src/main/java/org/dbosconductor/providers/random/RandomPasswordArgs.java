package org.dbosconductor.providers.random;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@code random:index/randomPassword:RandomPassword}, named as in the provider schema's
 * {@code inputProperties}. Only {@code length} is required.
 */
public final class RandomPasswordArgs extends ResourceArgs {

    /** Arbitrary map of values that, when changed, will trigger recreation of the resource. */
    @Import(name = "keepers")
    private @Nullable Output<Map<String, String>> keepers;

    /** The length of the string desired (at least 1 and at least minUpper + minLower + minNumeric + minSpecial). */
    @Import(name = "length", required = true)
    private Output<Integer> length;

    /** Include lowercase alphabet characters (default true). */
    @Import(name = "lower")
    private @Nullable Output<Boolean> lower;

    /** Minimum number of lowercase characters (default 0). */
    @Import(name = "minLower")
    private @Nullable Output<Integer> minLower;

    /** Minimum number of numeric characters (default 0). */
    @Import(name = "minNumeric")
    private @Nullable Output<Integer> minNumeric;

    /** Minimum number of special characters (default 0). */
    @Import(name = "minSpecial")
    private @Nullable Output<Integer> minSpecial;

    /** Minimum number of uppercase characters (default 0). */
    @Import(name = "minUpper")
    private @Nullable Output<Integer> minUpper;

    /** Include numeric characters; deprecated by the provider in favour of {@code numeric}. */
    @Import(name = "number")
    private @Nullable Output<Boolean> number;

    /** Include numeric characters (default true). */
    @Import(name = "numeric")
    private @Nullable Output<Boolean> numeric;

    /** Your own list of special characters; {@code special} must still be true. */
    @Import(name = "overrideSpecial")
    private @Nullable Output<String> overrideSpecial;

    /** Include special characters (default true). */
    @Import(name = "special")
    private @Nullable Output<Boolean> special;

    /** Include uppercase alphabet characters (default true). */
    @Import(name = "upper")
    private @Nullable Output<Boolean> upper;

    private RandomPasswordArgs() {
    }

    private RandomPasswordArgs(RandomPasswordArgs $) {
        this.keepers = $.keepers;
        this.length = $.length;
        this.lower = $.lower;
        this.minLower = $.minLower;
        this.minNumeric = $.minNumeric;
        this.minSpecial = $.minSpecial;
        this.minUpper = $.minUpper;
        this.number = $.number;
        this.numeric = $.numeric;
        this.overrideSpecial = $.overrideSpecial;
        this.special = $.special;
        this.upper = $.upper;
    }

    public Optional<Output<Map<String, String>>> keepers() {
        return Optional.ofNullable(keepers);
    }

    public Output<Integer> length() {
        return length;
    }

    public Optional<Output<Boolean>> lower() {
        return Optional.ofNullable(lower);
    }

    public Optional<Output<Integer>> minLower() {
        return Optional.ofNullable(minLower);
    }

    public Optional<Output<Integer>> minNumeric() {
        return Optional.ofNullable(minNumeric);
    }

    public Optional<Output<Integer>> minSpecial() {
        return Optional.ofNullable(minSpecial);
    }

    public Optional<Output<Integer>> minUpper() {
        return Optional.ofNullable(minUpper);
    }

    /** @deprecated the provider deprecates {@code number}; use {@link #numeric()}. */
    @Deprecated
    public Optional<Output<Boolean>> number() {
        return Optional.ofNullable(number);
    }

    public Optional<Output<Boolean>> numeric() {
        return Optional.ofNullable(numeric);
    }

    public Optional<Output<String>> overrideSpecial() {
        return Optional.ofNullable(overrideSpecial);
    }

    public Optional<Output<Boolean>> special() {
        return Optional.ofNullable(special);
    }

    public Optional<Output<Boolean>> upper() {
        return Optional.ofNullable(upper);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(RandomPasswordArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final RandomPasswordArgs $;

        public Builder() {
            $ = new RandomPasswordArgs();
        }

        public Builder(RandomPasswordArgs defaults) {
            $ = new RandomPasswordArgs(Objects.requireNonNull(defaults));
        }

        public Builder keepers(@Nullable Output<Map<String, String>> keepers) {
            $.keepers = keepers;
            return this;
        }

        public Builder keepers(Map<String, String> keepers) {
            return keepers(Output.of(keepers));
        }

        public Builder length(Output<Integer> length) {
            $.length = length;
            return this;
        }

        public Builder length(Integer length) {
            return length(Output.of(length));
        }

        public Builder lower(@Nullable Output<Boolean> lower) {
            $.lower = lower;
            return this;
        }

        public Builder lower(Boolean lower) {
            return lower(Output.of(lower));
        }

        public Builder minLower(@Nullable Output<Integer> minLower) {
            $.minLower = minLower;
            return this;
        }

        public Builder minLower(Integer minLower) {
            return minLower(Output.of(minLower));
        }

        public Builder minNumeric(@Nullable Output<Integer> minNumeric) {
            $.minNumeric = minNumeric;
            return this;
        }

        public Builder minNumeric(Integer minNumeric) {
            return minNumeric(Output.of(minNumeric));
        }

        public Builder minSpecial(@Nullable Output<Integer> minSpecial) {
            $.minSpecial = minSpecial;
            return this;
        }

        public Builder minSpecial(Integer minSpecial) {
            return minSpecial(Output.of(minSpecial));
        }

        public Builder minUpper(@Nullable Output<Integer> minUpper) {
            $.minUpper = minUpper;
            return this;
        }

        public Builder minUpper(Integer minUpper) {
            return minUpper(Output.of(minUpper));
        }

        /** @deprecated the provider deprecates {@code number}; use {@link #numeric(Boolean)}. */
        @Deprecated
        public Builder number(@Nullable Output<Boolean> number) {
            $.number = number;
            return this;
        }

        /** @deprecated the provider deprecates {@code number}; use {@link #numeric(Boolean)}. */
        @Deprecated
        public Builder number(Boolean number) {
            return number(Output.of(number));
        }

        public Builder numeric(@Nullable Output<Boolean> numeric) {
            $.numeric = numeric;
            return this;
        }

        public Builder numeric(Boolean numeric) {
            return numeric(Output.of(numeric));
        }

        public Builder overrideSpecial(@Nullable Output<String> overrideSpecial) {
            $.overrideSpecial = overrideSpecial;
            return this;
        }

        public Builder overrideSpecial(String overrideSpecial) {
            return overrideSpecial(Output.of(overrideSpecial));
        }

        public Builder special(@Nullable Output<Boolean> special) {
            $.special = special;
            return this;
        }

        public Builder special(Boolean special) {
            return special(Output.of(special));
        }

        public Builder upper(@Nullable Output<Boolean> upper) {
            $.upper = upper;
            return this;
        }

        public Builder upper(Boolean upper) {
            return upper(Output.of(upper));
        }

        /** @throws MissingRequiredPropertyException if {@code length} was not set */
        public RandomPasswordArgs build() {
            PluginPackage.requireInput($.length, "RandomPasswordArgs", "length");
            return new RandomPasswordArgs($);
        }
    }
}
