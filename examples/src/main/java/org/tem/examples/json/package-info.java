/** Strict JSON reading shared by the project's input-file readers: exact paths in every error message. */
package org.tem.examples.json;
