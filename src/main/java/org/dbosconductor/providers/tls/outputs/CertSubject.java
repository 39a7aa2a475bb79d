package org.dbosconductor.providers.tls.outputs;

import com.pulumi.core.annotations.CustomType;

import org.dbosconductor.providers.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * The certificate subject as the {@code tls} provider reports it back (schema object types
 * {@code SelfSignedCertSubject} / {@code CertRequestSubject}); see
 * {@link org.dbosconductor.providers.tls.inputs.CertSubjectArgs} for the input side.
 */
@CustomType
public final class CertSubject {
    private @Nullable String commonName;
    private @Nullable String country;
    private @Nullable String emailAddress;
    private @Nullable String locality;
    private @Nullable String organization;
    private @Nullable String organizationalUnit;
    private @Nullable String postalCode;
    private @Nullable String province;
    private @Nullable String serialNumber;
    private @Nullable List<String> streetAddresses;

    private CertSubject() {
    }

    public Optional<String> commonName() {
        return Optional.ofNullable(commonName);
    }

    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    public Optional<String> emailAddress() {
        return Optional.ofNullable(emailAddress);
    }

    public Optional<String> locality() {
        return Optional.ofNullable(locality);
    }

    public Optional<String> organization() {
        return Optional.ofNullable(organization);
    }

    public Optional<String> organizationalUnit() {
        return Optional.ofNullable(organizationalUnit);
    }

    public Optional<String> postalCode() {
        return Optional.ofNullable(postalCode);
    }

    public Optional<String> province() {
        return Optional.ofNullable(province);
    }

    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    public List<String> streetAddresses() {
        return streetAddresses == null ? List.of() : streetAddresses;
    }

    public static Builder builder() {
        return new Builder();
    }

    @CustomType.Builder
    public static final class Builder {
        private final CertSubject $ = new CertSubject();

        @CustomType.Setter
        public Builder commonName(@Nullable String commonName) {
            $.commonName = commonName;
            return this;
        }

        @CustomType.Setter
        public Builder country(@Nullable String country) {
            $.country = country;
            return this;
        }

        @CustomType.Setter
        public Builder emailAddress(@Nullable String emailAddress) {
            $.emailAddress = emailAddress;
            return this;
        }

        @CustomType.Setter
        public Builder locality(@Nullable String locality) {
            $.locality = locality;
            return this;
        }

        @CustomType.Setter
        public Builder organization(@Nullable String organization) {
            $.organization = organization;
            return this;
        }

        @CustomType.Setter
        public Builder organizationalUnit(@Nullable String organizationalUnit) {
            $.organizationalUnit = organizationalUnit;
            return this;
        }

        @CustomType.Setter
        public Builder postalCode(@Nullable String postalCode) {
            $.postalCode = postalCode;
            return this;
        }

        @CustomType.Setter
        public Builder province(@Nullable String province) {
            $.province = province;
            return this;
        }

        @CustomType.Setter
        public Builder serialNumber(@Nullable String serialNumber) {
            $.serialNumber = serialNumber;
            return this;
        }

        @CustomType.Setter
        public Builder streetAddresses(@Nullable List<String> streetAddresses) {
            $.streetAddresses = streetAddresses == null ? null : List.copyOf(streetAddresses);
            return this;
        }

        public CertSubject build() {
            var out = new CertSubject();
            out.commonName = $.commonName;
            out.country = $.country;
            out.emailAddress = $.emailAddress;
            out.locality = $.locality;
            out.organization = $.organization;
            out.organizationalUnit = $.organizationalUnit;
            out.postalCode = $.postalCode;
            out.province = $.province;
            out.serialNumber = $.serialNumber;
            out.streetAddresses = $.streetAddresses;
            return out;
        }
    }
}
