package org.dbosconductor.providers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, parameter or return value of the provider bindings that may be null. The generated
 * Pulumi SDKs use {@code javax.annotation.Nullable}, but jsr305 only reaches this project at runtime
 * scope (through com.pulumi:pulumi), so the bindings carry their own documentation-only marker.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Nullable {
}
