package org.dbosconductor;

import org.dbosconductor.config.StackConfigReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README is the configuration reference: every key the program reads must be in its table. */
class ReadmeTest {
    @Test
    void everyConfigKeyIsDocumented() throws Exception {
        String readme = Files.readString(TestStacks.PROJECT_DIR.resolve("README.md"));
        // Every key the reader asks for, learned by watching it read a complete stack.
        var asked = new java.util.TreeSet<String>();
        var values = TestStacks.stackFile("prod").config();
        StackConfigReader.read("dbos-conductor", "prod", key -> {
            asked.add(key);
            return java.util.Optional.ofNullable(values.get(key));
        });
        assertTrue(asked.size() > 20, "watched the reader: " + asked);
        for (String key : asked) {
            String shortKey = key.startsWith(StackConfigReader.NAMESPACE + ":") ? key.substring(StackConfigReader.NAMESPACE.length() + 1) : key;
            assertTrue(readme.contains("| `" + shortKey + "` |"), "README configuration table lacks " + key);
        }
    }

    @Test
    void theTwoCommandsAreThere() throws Exception {
        String readme = Files.readString(TestStacks.PROJECT_DIR.resolve("README.md"));
        assertTrue(readme.contains("java -jar target/dbos-conductor.jar synth --stack dev"));
        assertTrue(readme.contains("bash scripts/test.sh"));
        assertTrue(Files.readString(TestStacks.PROJECT_DIR.resolve(".ci/run")).contains("scripts/test.sh"));
    }
}
